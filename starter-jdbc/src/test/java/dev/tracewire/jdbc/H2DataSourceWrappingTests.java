package dev.tracewire.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How data source beans are wrapped, against H2: they keep their class, the original is reachable, wrapping is
 * idempotent, stacked data sources make one span per statement, and excluded beans are left alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "tracewire.jdbc.excluded-beans=reportingDataSource")
@TracewireTest
class H2DataSourceWrappingTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	HikariDataSource hikariDataSource;

	@Autowired
	@Qualifier("reportingDataSource")
	DataSource reportingDataSource;

	@Autowired
	@Qualifier("transactionAwareDataSource")
	DataSource transactionAwareDataSource;

	@Autowired
	JdbcTracing jdbcTracing;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	TestSpans spans;

	@BeforeEach
	void products() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("DELETE FROM products");
		jdbc.update("INSERT INTO products VALUES (1, 'kettle')");
		new JdbcTemplate(this.reportingDataSource).execute("CREATE TABLE IF NOT EXISTS audit (id INT)");
		this.spans.reset();
	}

	@Test
	void statementOnH2IsAClientSpanWithH2Attributes() {
		Observation.createNotStarted("caller", this.observationRegistry)
			.observe(() -> new JdbcTemplate(this.dataSource).queryForList("SELECT name FROM products WHERE id = 1"));
		assertThat(this.spans.finished()).hasExactlyOneTrace().hasParentChild("caller", "SELECT products");
		assertThat(this.spans.awaitSpan("SELECT products", SpanKind.CLIENT))
			.hasAttribute("db.system.name", "h2database")
			.hasAttribute("db.namespace", "WRAPPING")
			.hasAttribute("db.query.text", "SELECT name FROM products WHERE id = ?")
			.doesNotHaveAttribute("server.address");
	}

	@Test
	void tracedDataSourceKeepsItsClassAndTheOriginalIsReachable() throws Exception {
		assertThat(JdbcTracing.isTraced(this.dataSource)).isTrue();
		assertThat(this.hikariDataSource).isSameAs(this.dataSource);
		DataSource original = JdbcTracing.untraced(this.dataSource);
		assertThat(original).isInstanceOf(HikariDataSource.class).isNotSameAs(this.dataSource);
		assertThat(JdbcTracing.isTraced(original)).isFalse();
		// unwrap reaches the original pool through the traced view, as Boot's pool metadata and JMX do.
		assertThat(this.dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean())
			.isSameAs(((HikariDataSource) original).getHikariPoolMXBean());
		new JdbcTemplate(original).queryForList("SELECT name FROM products");
		assertThat(this.spans.finished()).hasSize(0);
	}

	@Test
	void wrappingATracedDataSourceAgainChangesNothing() {
		assertThat(this.jdbcTracing.wrap(this.dataSource, "again")).isSameAs(this.dataSource);
	}

	@Test
	void stackedTracedDataSourcesMakeOneSpanPerStatement() {
		assertThat(JdbcTracing.isTraced(this.transactionAwareDataSource)).isTrue();
		new JdbcTemplate(this.transactionAwareDataSource).queryForList("SELECT name FROM products");
		assertThat(this.spans.finished()).hasSize(1);
		assertThat(this.spans.awaitSpan("SELECT products", SpanKind.CLIENT))
			.hasAttribute("tracewire.jdbc.datasource", "transactionAwareDataSource");
	}

	@Test
	void excludedDataSourceIsLeftAlone() {
		assertThat(JdbcTracing.isTraced(this.reportingDataSource)).isFalse();
		assertThat(this.reportingDataSource).isInstanceOf(SimpleDriverDataSource.class);
		new JdbcTemplate(this.reportingDataSource).queryForList("SELECT id FROM audit");
		assertThat(this.spans.finished()).hasSize(0);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WrappingApplication {

		@Bean
		@Primary
		HikariDataSource dataSource() {
			return DataSourceBuilder.create()
				.type(HikariDataSource.class)
				.url("jdbc:h2:mem:wrapping;DB_CLOSE_DELAY=-1")
				.username("sa")
				.build();
		}

		@Bean
		SimpleDriverDataSource reportingDataSource() {
			return new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:reporting;DB_CLOSE_DELAY=-1", "sa",
					"");
		}

		@Bean
		TransactionAwareDataSourceProxy transactionAwareDataSource(HikariDataSource dataSource) {
			return new TransactionAwareDataSourceProxy(dataSource);
		}

	}

}
