package dev.tracewire.jdbc;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * Counts N+1 detections ({@value #N_PLUS_ONE}) and slow statements ({@value #SLOW_QUERIES}) in a Micrometer
 * {@link MeterRegistry}, tagged with {@code db.system.name}, {@code db.operation.name} and
 * {@code db.collection.name} ({@code none} when the statement names no table).
 */
public final class MicrometerJdbcTracingMetrics implements JdbcTracingMetrics {

	/**
	 * Name of the counter of N+1 detections.
	 */
	public static final String N_PLUS_ONE = "tracewire.jdbc.n_plus_one";

	/**
	 * Name of the counter of slow statements.
	 */
	public static final String SLOW_QUERIES = "tracewire.jdbc.slow_queries";

	private final Supplier<@Nullable MeterRegistry> meterRegistry;

	/**
	 * Creates an instance.
	 * @param meterRegistry supplies the registry, or {@code null} when the application has none (then nothing
	 * is counted)
	 */
	public MicrometerJdbcTracingMetrics(Supplier<@Nullable MeterRegistry> meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void nPlusOneDetected(JdbcObservationContext context) {
		increment(N_PLUS_ONE, "Statements executed at least the N+1 threshold under one parent span", context);
	}

	@Override
	public void slowQuery(JdbcObservationContext context) {
		increment(SLOW_QUERIES, "Statements that took at least the slow-query threshold", context);
	}

	private void increment(String name, String description, JdbcObservationContext context) {
		MeterRegistry registry = this.meterRegistry.get();
		if (registry == null) {
			return;
		}
		SqlStatement statement = context.getStatement();
		String operation = context.getOperationName();
		String collection = (statement != null) ? statement.collectionName() : null;
		Counter.builder(name)
			.description(description)
			.tags(Tags.of("db.system.name", context.getDatabase().systemName(), "db.operation.name",
					(operation != null) ? operation : DefaultJdbcObservationConvention.UNKNOWN_OPERATION,
					"db.collection.name", (collection != null) ? collection : "none"))
			.register(registry)
			.increment();
	}

}
