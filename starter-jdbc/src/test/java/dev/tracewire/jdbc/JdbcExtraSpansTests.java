package dev.tracewire.jdbc;

import java.util.List;

import javax.sql.DataSource;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The opt-in extras against H2 (Spring Boot's embedded database): connection acquisition, result-set fetch and
 * commit/rollback spans, and parameter values.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "tracewire.jdbc.spans.connection=true", "tracewire.jdbc.spans.fetch=true",
				"tracewire.jdbc.spans.transaction=true", "tracewire.jdbc.include-parameter-values=true",
				"spring.datasource.generate-unique-name=false", "spring.datasource.name=extras" })
@TracewireTest
class JdbcExtraSpansTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	TestSpans spans;

	@BeforeEach
	void products() {
		this.jdbc.execute("DELETE FROM products");
		this.jdbc.batchUpdate("INSERT INTO products VALUES (?, ?)",
				List.of(new Object[] { 1, "kettle" }, new Object[] { 2, "teapot" }, new Object[] { 3, "mug" }));
		this.spans.reset();
	}

	@Test
	void committedTransactionShowsAcquisitionStatementFetchAndCommit() {
		Observation.createNotStarted("checkout", this.observationRegistry)
			.observe(() -> this.transactions.executeWithoutResult(
					(status) -> this.jdbc.queryForList("SELECT name FROM products ORDER BY id", String.class)));
		assertThat(this.spans.finished()).hasExactlyOneTrace().hasSize(5);
		SpanData checkout = this.spans.awaitSpan("checkout");
		assertThat(this.spans.awaitSpan("acquire connection", SpanKind.CLIENT)).isChildOf(checkout)
			.hasAttribute("db.system.name", "h2database")
			.hasAttribute("db.operation.name", "CONNECT")
			.hasAttribute("tracewire.jdbc.datasource", "dataSource");
		assertThat(this.spans.awaitSpan("SELECT products", SpanKind.CLIENT)).isChildOf(checkout);
		assertThat(this.spans.awaitSpan("FETCH products", SpanKind.CLIENT)).isChildOf(checkout)
			.hasAttribute("db.response.returned_rows", "3")
			.hasAttribute("db.collection.name", "products")
			.doesNotHaveAttribute("db.query.text");
		assertThat(this.spans.awaitSpan("COMMIT", SpanKind.CLIENT)).isChildOf(checkout)
			.hasAttribute("db.operation.name", "COMMIT");
	}

	@Test
	void rolledBackTransactionShowsRollback() {
		Observation.createNotStarted("cancel", this.observationRegistry)
			.observe(() -> this.transactions.executeWithoutResult((status) -> {
				this.jdbc.update("DELETE FROM products WHERE id = ?", 1);
				status.setRollbackOnly();
			}));
		assertThat(this.spans.finished()).hasParentChild("cancel", "ROLLBACK").doesNotHaveSpanNamed("COMMIT");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM products", Integer.class)).isEqualTo(3);
	}

	@Test
	void emptyResultSetIsOneFetchSpanWithNoRows() {
		this.jdbc.queryForList("SELECT name FROM products WHERE id > ?", String.class, 100);
		assertThat(this.spans.awaitSpan("FETCH products", SpanKind.CLIENT))
			.hasAttribute("db.response.returned_rows", "0");
	}

	@Test
	void parameterValuesAreRecordedWhenEnabled() {
		this.jdbc.queryForList("SELECT name FROM products WHERE id = ? AND name <> ?", String.class, 2, "x");
		assertThat(this.spans.awaitSpan("SELECT products", SpanKind.CLIENT))
			.hasAttribute("db.query.parameter.1", "2")
			.hasAttribute("db.query.parameter.2", "x");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ExtrasApplication {

	}

}
