package dev.tracewire.jdbc;

import java.math.BigDecimal;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.util.List;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Statement spans against a real PostgreSQL server, through the {@code HikariDataSource} Spring Boot
 * auto-configures: names, attributes, errors, batches, calls, N+1 detection and slow queries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = { "tracewire.jdbc.slow-query.threshold=250ms",
		"tracewire.jdbc.n-plus-one.log-interval=0s" })
@TracewireTest
@ExtendWith(OutputCaptureExtension.class)
class PostgresJdbcTracingTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	Tracer tracer;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	TestSpans spans;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
	}

	@BeforeEach
	void products() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS products (id serial PRIMARY KEY, name text UNIQUE, "
				+ "price numeric NOT NULL)");
		this.jdbc.execute("TRUNCATE products RESTART IDENTITY");
		this.jdbc.batchUpdate("INSERT INTO products (name, price) VALUES (?, ?)",
				List.of(new Object[] { "kettle", 20 }, new Object[] { "teapot", 35 }, new Object[] { "mug", 8 }));
		this.meterRegistry.clear();
		this.spans.reset();
	}

	@Test
	void selectIsAClientSpanNamedAfterOperationAndTableUnderTheCaller() {
		observe("catalog", () -> this.jdbc.queryForList(
				"SELECT id, name FROM products WHERE price > ? AND name <> 'secret-name'", 10));
		SpanData caller = this.spans.awaitSpan("catalog");
		assertThat(this.spans.finished()).hasExactlyOneTrace().hasSize(2);
		assertThat(this.spans.awaitSpan("SELECT products", SpanKind.CLIENT)).isChildOf(caller)
			.hasAttribute("db.system.name", "postgresql")
			.hasAttribute("db.namespace", "postgres")
			.hasAttribute("db.operation.name", "SELECT")
			.hasAttribute("db.collection.name", "products")
			.hasAttribute("db.query.text", "SELECT id, name FROM products WHERE price > ? AND name <> ?")
			.hasAttribute("server.address", "localhost")
			.hasAttribute("server.port", String.valueOf(EmbeddedPostgresServer.port()))
			.hasAttribute("tracewire.jdbc.datasource", "dataSource")
			.doesNotHaveAttribute("db.query.parameter.1")
			.doesNotHaveAttribute("tracewire.jdbc.slow_query");
	}

	@Test
	void updateRecordsTheRowsItAffected() {
		observe("reprice", () -> this.jdbc.update("UPDATE products SET price = price + 1 WHERE price < ?", 100));
		assertThat(this.spans.awaitSpan("UPDATE products", SpanKind.CLIENT))
			.hasAttribute("tracewire.jdbc.affected_rows", "3")
			.hasAttribute("db.query.text", "UPDATE products SET price = price + ? WHERE price < ?");
	}

	@Test
	void failedStatementRecordsItsSqlStateButNotTheDriverMessage() {
		assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> observe("signup",
				() -> this.jdbc.update("INSERT INTO products (name, price) VALUES ('kettle', 1)")));
		SpanData insert = this.spans.awaitSpan("INSERT products", SpanKind.CLIENT);
		assertThat(insert).hasErrorStatus()
			.hasAttribute("db.response.status_code", "23505")
			.hasAttribute("error.type", "23505")
			.hasEventNamed("exception");
		// PostgreSQL's message quotes the duplicate value: "Key (name)=(kettle) already exists", and Spring's
		// DuplicateKeyException quotes the SQL. The caller's span records that exception (type and stack frames)
		// without either.
		SpanData signup = this.spans.awaitSpan("signup");
		assertThat(signup).hasErrorStatus().hasEventNamed("exception");
		assertThat(signup.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.type")))
			.isEqualTo(DuplicateKeyException.class.getName());
		assertThat(signup.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
			.contains("Caused by: org.postgresql.util.PSQLException" + System.lineSeparator());
		assertThat(this.spans.finished()).hasSize(2).containsNoText("kettle");
	}

	@Test
	void batchIsOneSpanWithItsSizeAndRows() {
		observe("import", () -> this.jdbc.batchUpdate("INSERT INTO products (name, price) VALUES (?, ?)",
				List.of(new Object[] { "jug", 12 }, new Object[] { "bowl", 9 }, new Object[] { "plate", 7 })));
		assertThat(this.spans.finished()).hasSize(2);
		assertThat(this.spans.awaitSpan("BATCH INSERT products", SpanKind.CLIENT))
			.hasAttribute("db.operation.name", "BATCH INSERT")
			.hasAttribute("db.operation.batch.size", "3")
			.hasAttribute("tracewire.jdbc.affected_rows", "3")
			.hasAttribute("db.query.text", "INSERT INTO products (name, price) VALUES (?, ?)");
	}

	@Test
	void callableStatementIsNamedAfterItsProcedure() {
		this.jdbc.execute("CREATE OR REPLACE FUNCTION touch_products(delta numeric) RETURNS void LANGUAGE sql "
				+ "AS $$ UPDATE products SET price = price + delta $$");
		this.spans.reset();
		observe("nightly", () -> this.jdbc.execute((Connection connection) -> {
			try (CallableStatement call = connection.prepareCall("{call touch_products(?)}")) {
				call.setBigDecimal(1, BigDecimal.ONE);
				return call.execute();
			}
		}));
		assertThat(this.spans.awaitSpan("CALL touch_products", SpanKind.CLIENT))
			.hasAttribute("db.operation.name", "CALL")
			.hasAttribute("db.stored_procedure.name", "touch_products")
			.hasAttribute("db.query.text", "{call touch_products(?)}");
	}

	@Test
	void sameStatementManyTimesUnderOneParentIsReportedOnceOnTheParent(CapturedOutput output) {
		observe("order page", () -> {
			for (int id = 1; id <= 7; id++) {
				// Inline literals differ, the sanitized statement is the same.
				this.jdbc.queryForList("SELECT name FROM products WHERE id = " + (id % 3 + 1));
			}
		});
		SpanData parent = this.spans.awaitSpan("order page");
		assertThat(this.spans.finished()).hasSize(8);
		assertThat(parent).hasAttribute("tracewire.jdbc.n_plus_one", true).hasEventNamed("jdbc.n_plus_one");
		EventData event = parent.getEvents().stream().filter((e) -> e.getName().equals("jdbc.n_plus_one")).findFirst()
			.orElseThrow();
		String fingerprint = SqlSanitizer.sanitize("SELECT name FROM products WHERE id = ?", SqlDialect.POSTGRESQL)
			.fingerprint();
		assertThat(event.getAttributes().get(NPlusOneDetector.FINGERPRINT)).isEqualTo(fingerprint);
		assertThat(event.getAttributes().get(NPlusOneDetector.QUERY_TEXT))
			.isEqualTo("SELECT name FROM products WHERE id = ?");
		assertThat(event.getAttributes().get(NPlusOneDetector.EXECUTIONS)).isEqualTo(5L);
		assertThat(parent.getEvents()).filteredOn((e) -> e.getName().equals("jdbc.n_plus_one")).hasSize(1);
		assertThat(this.meterRegistry.get(MicrometerJdbcTracingMetrics.N_PLUS_ONE)
			.tag("db.collection.name", "products")
			.counter()
			.count()).isEqualTo(1);
		assertThat(output).containsOnlyOnce("Possible N+1 queries")
			.contains("trace_id=" + parent.getTraceId())
			.contains("fingerprint=" + fingerprint);
	}

	@Test
	void statementsBelowTheThresholdOrUnderDifferentParentsAreNotReported(CapturedOutput output) {
		for (int request = 0; request < 3; request++) {
			observe("request", () -> {
				for (int id = 1; id <= 4; id++) {
					this.jdbc.queryForList("SELECT name FROM products WHERE id = ?", id);
				}
			});
		}
		assertThat(this.spans.finished()).hasSize(15);
		List<SpanData> requests = this.spans.finished()
			.stream()
			.filter((span) -> span.getName().equals("request"))
			.toList();
		assertThat(requests).hasSize(3);
		requests.forEach((request) -> assertThat(request).doesNotHaveAttribute("tracewire.jdbc.n_plus_one"));
		assertThat(this.meterRegistry.find(MicrometerJdbcTracingMetrics.N_PLUS_ONE).counter()).isNull();
		assertThat(output).doesNotContain("Possible N+1 queries");
	}

	@Test
	void slowStatementIsMarkedAndCounted() {
		observe("report", () -> {
			this.jdbc.queryForList("SELECT pg_sleep(0.3)");
			this.jdbc.queryForList("SELECT name FROM products");
		});
		assertThat(this.spans.awaitSpan("SELECT", SpanKind.CLIENT)).hasAttribute("tracewire.jdbc.slow_query", "true");
		assertThat(this.spans.awaitSpan("SELECT products", SpanKind.CLIENT))
			.doesNotHaveAttribute("tracewire.jdbc.slow_query");
		assertThat(this.meterRegistry.get(MicrometerJdbcTracingMetrics.SLOW_QUERIES).counter().count()).isEqualTo(1);
	}

	@Test
	void spanStartedByHandIsTheParentOfStatementSpans() {
		Span manual = this.tracer.nextSpan().name("manual").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(manual)) {
			this.jdbc.queryForList("SELECT name FROM products");
		}
		finally {
			manual.end();
		}
		assertThat(this.spans.finished()).hasExactlyOneTrace().hasParentChild("manual", "SELECT products");
	}

	@Test
	void statementWithoutParentIsARootSpan() {
		this.jdbc.queryForList("SELECT name FROM products");
		assertThat(this.spans.awaitSpan("SELECT products", SpanKind.CLIENT)).isRoot();
	}

	private void observe(String name, Runnable work) {
		Observation.createNotStarted(name, this.observationRegistry).observe(work);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PostgresApplication {

	}

}
