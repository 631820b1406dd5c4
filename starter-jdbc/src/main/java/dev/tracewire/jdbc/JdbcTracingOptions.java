package dev.tracewire.jdbc;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What {@link JdbcTracing} records beyond one span per statement. The defaults are safe for production: no
 * parameter values, no driver error messages, no extra spans, N+1 detection at five executions, slow queries
 * from one second.
 *
 * @param includeParameterValues whether parameter values of prepared statements are recorded as
 * {@code db.query.parameter.<key>} attributes
 * @param includeErrorMessages whether spans record the driver's exception as it is (its message may contain
 * values); otherwise only its class and SQL state
 * @param maxQueryTextLength the maximum length of {@code db.query.text}
 * @param connectionSpans whether acquiring a connection makes a span
 * @param fetchSpans whether reading a result set makes a span, with the number of rows read
 * @param transactionSpans whether commit and rollback make spans
 * @param nPlusOneThreshold executions of one statement under one parent that are reported as N+1 queries;
 * {@code 0} turns the detection off
 * @param nPlusOneLogInterval the shortest time between two WARN logs about the same statement
 * @param slowQueryThreshold the duration from which a statement is marked slow, or {@code null} for never
 */
public record JdbcTracingOptions(boolean includeParameterValues, boolean includeErrorMessages,
		int maxQueryTextLength, boolean connectionSpans, boolean fetchSpans, boolean transactionSpans,
		int nPlusOneThreshold, Duration nPlusOneLogInterval, @Nullable Duration slowQueryThreshold) {

	/**
	 * Returns the defaults.
	 * @return the default options
	 */
	public static JdbcTracingOptions defaults() {
		return new JdbcTracingOptions(false, false, SqlSanitizer.DEFAULT_MAX_LENGTH, false, false, false, 5,
				Duration.ofMinutes(1), Duration.ofSeconds(1));
	}

	/**
	 * Returns a copy with the given extra spans.
	 * @param connection whether acquiring a connection makes a span
	 * @param fetch whether reading a result set makes a span
	 * @param transaction whether commit and rollback make spans
	 * @return the new options
	 */
	public JdbcTracingOptions withSpans(boolean connection, boolean fetch, boolean transaction) {
		return new JdbcTracingOptions(this.includeParameterValues, this.includeErrorMessages,
				this.maxQueryTextLength, connection, fetch, transaction, this.nPlusOneThreshold,
				this.nPlusOneLogInterval, this.slowQueryThreshold);
	}

}
