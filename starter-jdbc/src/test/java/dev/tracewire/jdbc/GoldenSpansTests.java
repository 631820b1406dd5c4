package dev.tracewire.jdbc;

import java.util.List;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TraceShape;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The statement spans of a real PostgreSQL server through the {@code DataSource} Spring Boot auto-configures,
 * under one parent, compared with a golden file in {@code src/test/resources/golden}: names, kinds, parents,
 * status and attributes (sanitized SQL among them) must not change unnoticed. Regenerate with
 * {@code -Dtracewire.golden.update=true} after an intended change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TracewireTest
class GoldenSpansTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	TestSpans spans;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
	}

	@BeforeEach
	void items() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS golden_items (id serial PRIMARY KEY, name text UNIQUE, "
				+ "price numeric NOT NULL)");
		this.jdbc.execute("TRUNCATE golden_items RESTART IDENTITY");
		this.jdbc.update("INSERT INTO golden_items (name, price) VALUES ('kettle', 20), ('teapot', 35)");
		this.spans.reset();
	}

	@Test
	void statementsUnderOneParentMatchGolden() {
		Observation.createNotStarted("order page", this.observationRegistry).observe(() -> {
			this.jdbc.queryForList("SELECT id, name FROM golden_items WHERE price > ? AND name <> 'secret-name'", 10);
			this.jdbc.update("UPDATE golden_items SET price = price * 2 WHERE name = 'kettle'");
			this.jdbc.batchUpdate("INSERT INTO golden_items (name, price) VALUES (?, ?)",
					List.of(new Object[] { "jug", 12 }, new Object[] { "bowl", 9 }));
		});
		String traceId = this.spans.awaitSpan("order page").getTraceId();
		List<SpanData> trace = this.spans.finished()
			.stream()
			.filter((span) -> span.getTraceId().equals(traceId))
			.toList();
		TraceShape.assertMatchesGolden("jdbc-statements", trace);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PostgresApplication {

	}

}
