package dev.tracewire.context;

/**
 * Records that work ran without the trace context it should have had: a reactive chain, a blocking bridge, a
 * listener or an executor task found no parent although the request or message it belongs to had one.
 * <p>
 * Starters call it at their boundaries. Tracewire's bean counts {@value #METER_NAME} with a
 * {@value #BOUNDARY_TAG} tag when Micrometer metrics are present, and with the logger {@value #LOGGER_NAME} at DEBUG
 * logs where each loss happened.
 */
@FunctionalInterface
public interface LostContextRecorder {

	/**
	 * Name of the counter of lost contexts.
	 */
	String METER_NAME = "tracewire.context.lost";

	/**
	 * Tag that names the boundary where the context was lost.
	 */
	String BOUNDARY_TAG = "boundary";

	/**
	 * Logger that reports each loss, with a stack trace, at DEBUG.
	 */
	String LOGGER_NAME = "dev.tracewire.context.lost";

	/**
	 * Records one loss of context.
	 * @param boundary a short, low-cardinality name of the boundary, such as {@code reactor.publishOn} or
	 * {@code kafka.listener}
	 */
	void recordLost(String boundary);

	/**
	 * Returns a recorder that only logs, at DEBUG on {@value #LOGGER_NAME}, where each loss happened.
	 * @return the logging recorder
	 */
	static LostContextRecorder logging() {
		return LoggingLostContextRecorder.INSTANCE;
	}

	/**
	 * Returns a recorder that does nothing.
	 * @return the no-op recorder
	 */
	static LostContextRecorder noop() {
		return (boundary) -> {
		};
	}

}
