package dev.tracewire.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tracing never costs the application its query: a failing convention, a failing connection and unusual data
 * source classes are handled.
 */
class JdbcTracingRobustnessTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final DataSource h2 = new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:robustness", "sa", "");

	@Test
	void failingConventionLeavesTheQueryAloneAndTheNextOneObserved() {
		AtomicBoolean fail = new AtomicBoolean(true);
		JdbcTracing tracing = JdbcTracing.builder(this.registry).convention(new DefaultJdbcObservationConvention() {

			@Override
			public KeyValues getHighCardinalityKeyValues(JdbcObservationContext context) {
				if (fail.getAndSet(false)) {
					throw new IllegalStateException("broken convention");
				}
				return super.getHighCardinalityKeyValues(context);
			}

		}).build();
		JdbcTemplate jdbc = new JdbcTemplate(tracing.wrap(this.h2, "h2"));
		assertThat(jdbc.queryForObject("SELECT 40 + 2", Integer.class)).isEqualTo(42);
		assertThat(jdbc.queryForObject("SELECT 'second'", String.class)).isEqualTo("second");
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo("jdbc.query", 1)
			.hasObservationWithNameEqualTo("jdbc.query")
			.that()
			.hasHighCardinalityKeyValue("db.query.text", "SELECT ?")
			.hasBeenStopped();
	}

	@Test
	void failingConnectionIsRethrownAsItIsAndObserved() {
		SQLException refused = new SQLException("connection refused to db.internal", "08001");
		JdbcTracing tracing = JdbcTracing.builder(this.registry)
			.options(JdbcTracingOptions.defaults().withSpans(true, false, false))
			.build();
		DataSource traced = tracing.wrap(new FailingDataSource(refused), "failing");
		assertThatExceptionOfType(SQLException.class).isThrownBy(traced::getConnection).isSameAs(refused);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("jdbc.connection")
			.that()
			.hasError()
			.hasHighCardinalityKeyValue("error.type", "08001")
			.assertThatError()
			.isInstanceOf(SanitizedSqlException.class)
			.hasMessageNotContaining("db.internal");
	}

	@Test
	void dataSourceThatCannotBeSubclassedIsProxiedByItsInterfaces() throws SQLException {
		JdbcTracing tracing = JdbcTracing.builder(this.registry).build();
		DataSource traced = tracing.wrap(new FinalDataSource(this.h2), "final");
		assertThat(JdbcTracing.isTraced(traced)).isTrue();
		assertThat(traced).isNotInstanceOf(FinalDataSource.class);
		assertThat(traced.unwrap(FinalDataSource.class)).isInstanceOf(FinalDataSource.class);
		assertThat(JdbcTracing.untraced(traced)).isInstanceOf(FinalDataSource.class);
		new JdbcTemplate(traced).queryForList("SELECT 1");
		TestObservationRegistryAssert.assertThat(this.registry).hasObservationWithNameEqualTo("jdbc.query");
	}

	@Test
	void noopRegistryTracesNothingAndChangesNothing() {
		JdbcTracing tracing = JdbcTracing.builder(io.micrometer.observation.ObservationRegistry.NOOP).build();
		assertThat(new JdbcTemplate(tracing.wrap(this.h2, "h2")).queryForObject("SELECT 7", Integer.class))
			.isEqualTo(7);
	}

	static final class FinalDataSource implements DataSource {

		private final DataSource delegate;

		FinalDataSource(DataSource delegate) {
			this.delegate = delegate;
		}

		@Override
		public Connection getConnection() throws SQLException {
			return this.delegate.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return this.delegate.getConnection(username, password);
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			throw new SQLFeatureNotSupportedException();
		}

		@Override
		public <T> T unwrap(Class<T> type) throws SQLException {
			if (type.isInstance(this)) {
				return type.cast(this);
			}
			throw new SQLException("Not a wrapper for " + type);
		}

		@Override
		public boolean isWrapperFor(Class<?> type) {
			return type.isInstance(this);
		}

	}

	static class FailingDataSource extends SimpleDriverDataSource {

		private final SQLException failure;

		FailingDataSource(SQLException failure) {
			this.failure = failure;
		}

		@Override
		public Connection getConnection() throws SQLException {
			throw this.failure;
		}

	}

}
