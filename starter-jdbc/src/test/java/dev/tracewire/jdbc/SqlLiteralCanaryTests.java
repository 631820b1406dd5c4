package dev.tracewire.jdbc;

import java.util.List;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canary: distinct literal values planted in SQL run against PostgreSQL (strings, numbers, a card number, an
 * e-mail address, in comments, dollar quotes, parameters and a failing statement) appear in no exported span,
 * with every extra span switched on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "tracewire.jdbc.spans.connection=true", "tracewire.jdbc.spans.fetch=true",
				"tracewire.jdbc.spans.transaction=true", "tracewire.jdbc.n-plus-one.threshold=2" })
@TracewireTest
class SqlLiteralCanaryTests {

	static final String NAME = "Canary Quill-Featherstone";

	static final String EMAIL = "canary.quill@example.com";

	static final String CARD = "4111 1111 1111 1111";

	static final String AMOUNT = "982347";

	static final String CENTS = "61";

	static final String COMMENT = "canary-comment-secret";

	static final String DOLLAR = "canary-dollar-body";

	static final String PARAMETER = "canary-parameter-value";

	static final String PARAMETER_NUMBER = "424242";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	TestSpans spans;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
	}

	@Test
	void noPlantedLiteralIsExported() {
		this.jdbc.execute("DROP TABLE IF EXISTS customers");
		this.jdbc.execute("CREATE TABLE customers (name text, email text UNIQUE, card text, balance numeric)");
		this.spans.reset();
		Observation.createNotStarted("canary", this.observationRegistry).observe(() -> {
			this.transactions.executeWithoutResult((status) -> {
				this.jdbc.update("INSERT INTO customers (name, email, card, balance) VALUES ('" + NAME + "', '" + EMAIL
						+ "', '" + CARD + "', " + AMOUNT + "." + CENTS + ")");
				this.jdbc.queryForList("SELECT name FROM customers WHERE email = '" + EMAIL + "' AND balance > "
						+ AMOUNT + " -- " + COMMENT);
				this.jdbc.queryForList("SELECT name FROM customers /* " + COMMENT + " */ WHERE card = E'" + CARD + "'");
				this.jdbc.queryForList("SELECT $$" + DOLLAR + "$$ AS body, $tag$" + DOLLAR + "$tag$::text");
				this.jdbc.update("UPDATE customers SET name = ? WHERE balance < ?", PARAMETER,
						Integer.parseInt(PARAMETER_NUMBER));
				this.jdbc.queryForList("SELECT * FROM customers WHERE email IN ('" + EMAIL + "', 'x" + EMAIL + "')");
			});
			try {
				// Fails on the unique e-mail: PostgreSQL's message quotes the value.
				this.jdbc.update("INSERT INTO customers (name, email) VALUES ('" + NAME + "', '" + EMAIL + "')");
			}
			catch (DataAccessException expected) {
				// The statement span must record the failure without its message.
			}
		});
		List<SpanData> finished = this.spans.finished();
		assertThat(finished).hasExactlyOneTrace()
			.hasSpan("INSERT customers", SpanKind.CLIENT)
			.hasSpan("UPDATE customers", SpanKind.CLIENT)
			.hasSpan("FETCH customers", SpanKind.CLIENT)
			.hasSpan("COMMIT", SpanKind.CLIENT)
			.hasSpan("acquire connection", SpanKind.CLIENT);
		SpanData failedInsert = finished.stream()
			.filter((span) -> span.getName().equals("INSERT customers") && span.getEvents().size() > 0)
			.findFirst()
			.orElseThrow();
		assertThat(failedInsert).hasErrorStatus()
			.hasEventNamed("exception")
			.hasAttribute("db.response.status_code", "23505");
		assertThat(finished).containsNoText(NAME, "Quill", EMAIL, "canary.quill", CARD, "4111", AMOUNT, COMMENT,
				DOLLAR, PARAMETER, PARAMETER_NUMBER);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class CanaryApplication {

	}

}
