package dev.tracewire.jdbc;

/**
 * Counts what JDBC tracing detects, beyond the timers Spring Boot makes from the observations themselves.
 */
public interface JdbcTracingMetrics {

	/**
	 * Counts nothing.
	 */
	JdbcTracingMetrics NONE = new JdbcTracingMetrics() {
	};

	/**
	 * Called once when a statement reached the N+1 threshold under one parent span.
	 * @param context the statement's observation context
	 */
	default void nPlusOneDetected(JdbcObservationContext context) {
	}

	/**
	 * Called when a statement took at least the slow-query threshold.
	 * @param context the statement's observation context
	 */
	default void slowQuery(JdbcObservationContext context) {
	}

}
