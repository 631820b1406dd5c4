package dev.tracewire.jdbc.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * JDBC tracing: a span per statement with sanitized SQL, opt-in connection, fetch and transaction spans, N+1 query
 * detection and slow-query marking.
 */
@ConfigurationProperties(JdbcTracingProperties.PREFIX)
public class JdbcTracingProperties {

	static final String PREFIX = "tracewire.jdbc";

	/**
	 * Whether DataSource beans are traced. Defaults to the value of 'tracewire.enabled'.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Names of DataSource beans to leave untouched.
	 */
	private List<String> excludedBeans = new ArrayList<>();

	/**
	 * Whether parameter values of prepared statements are recorded as 'db.query.parameter.<key>' span attributes.
	 * They may hold personal data.
	 */
	private boolean includeParameterValues;

	/**
	 * Whether spans record the driver's exception message, which often quotes the values that failed. Otherwise
	 * only the exception class and SQL state are recorded.
	 */
	private boolean includeErrorMessages;

	/**
	 * Maximum length of the sanitized statement text ('db.query.text'); longer text is cut.
	 */
	private int maxQueryTextLength = 2048;

	private final Spans spans = new Spans();

	private final NPlusOne nPlusOne = new NPlusOne();

	private final SlowQuery slowQuery = new SlowQuery();

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getExcludedBeans() {
		return this.excludedBeans;
	}

	public void setExcludedBeans(List<String> excludedBeans) {
		this.excludedBeans = excludedBeans;
	}

	public boolean isIncludeParameterValues() {
		return this.includeParameterValues;
	}

	public void setIncludeParameterValues(boolean includeParameterValues) {
		this.includeParameterValues = includeParameterValues;
	}

	public boolean isIncludeErrorMessages() {
		return this.includeErrorMessages;
	}

	public void setIncludeErrorMessages(boolean includeErrorMessages) {
		this.includeErrorMessages = includeErrorMessages;
	}

	public int getMaxQueryTextLength() {
		return this.maxQueryTextLength;
	}

	public void setMaxQueryTextLength(int maxQueryTextLength) {
		this.maxQueryTextLength = maxQueryTextLength;
	}

	public Spans getSpans() {
		return this.spans;
	}

	public NPlusOne getNPlusOne() {
		return this.nPlusOne;
	}

	public SlowQuery getSlowQuery() {
		return this.slowQuery;
	}

	/**
	 * Spans beyond one per statement, each off by default.
	 */
	public static class Spans {

		/**
		 * Whether acquiring a connection from a DataSource makes a span (time spent waiting for the pool).
		 */
		private boolean connection;

		/**
		 * Whether reading a result set makes a span (one per result set, never per row) with the number of rows
		 * read.
		 */
		private boolean fetch;

		/**
		 * Whether commit and rollback on a connection make spans.
		 */
		private boolean transaction;

		/**
		 * Whether statements run while the application starts, outside any span (schema scripts, migrations),
		 * make spans; each would be a one-span trace of its own, exported at every start.
		 */
		private boolean startup;

		public boolean isConnection() {
			return this.connection;
		}

		public void setConnection(boolean connection) {
			this.connection = connection;
		}

		public boolean isFetch() {
			return this.fetch;
		}

		public void setFetch(boolean fetch) {
			this.fetch = fetch;
		}

		public boolean isTransaction() {
			return this.transaction;
		}

		public void setTransaction(boolean transaction) {
			this.transaction = transaction;
		}

		public boolean isStartup() {
			return this.startup;
		}

		public void setStartup(boolean startup) {
			this.startup = startup;
		}

	}

	/**
	 * N+1 query detection: one statement executed many times under one parent span.
	 */
	public static class NPlusOne {

		/**
		 * Whether N+1 queries are detected and reported on the parent span, in a meter and in the log.
		 */
		private boolean enabled = true;

		/**
		 * Executions of the same statement under one parent span that are reported as N+1 queries.
		 */
		private int threshold = 5;

		/**
		 * Shortest time between two WARN logs about the same statement; the span event and the meter record
		 * every detection.
		 */
		private Duration logInterval = Duration.ofMinutes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getThreshold() {
			return this.threshold;
		}

		public void setThreshold(int threshold) {
			this.threshold = threshold;
		}

		public Duration getLogInterval() {
			return this.logInterval;
		}

		public void setLogInterval(Duration logInterval) {
			this.logInterval = logInterval;
		}

	}

	/**
	 * Slow statements: marked on their span and counted in a meter.
	 */
	public static class SlowQuery {

		/**
		 * Whether statements that take at least the threshold are marked and counted.
		 */
		private boolean enabled = true;

		/**
		 * Duration from which a statement counts as slow.
		 */
		private Duration threshold = Duration.ofSeconds(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getThreshold() {
			return this.threshold;
		}

		public void setThreshold(Duration threshold) {
			this.threshold = threshold;
		}

	}

}
