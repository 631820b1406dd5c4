package dev.tracewire.kafka;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Records the time records waited in Kafka as a Micrometer timer named {@value #METER_NAME}, tagged with the topic
 * ({@code messaging.destination.name}) and the consumer group ({@code messaging.consumer.group.name}, {@code none}
 * without a group).
 */
public final class MeterRegistryTimeInQueueRecorder implements TimeInQueueRecorder {

	/**
	 * Name of the timer.
	 */
	public static final String METER_NAME = "messaging.kafka.time.in.queue";

	private static final String NO_GROUP = "none";

	private final Supplier<@Nullable MeterRegistry> meterRegistry;

	private volatile Meter.@Nullable MeterProvider<Timer> timers;

	/**
	 * Creates a recorder.
	 * @param meterRegistry looks up the registry lazily (called until it returns one)
	 */
	public MeterRegistryTimeInQueueRecorder(Supplier<@Nullable MeterRegistry> meterRegistry) {
		this.meterRegistry = meterRegistry;
	}

	@Override
	public void record(String topic, @Nullable String group, Duration timeInQueue) {
		Meter.MeterProvider<Timer> provider = timers();
		if (provider != null) {
			provider.withTags(Tags.of("messaging.destination.name", topic, "messaging.consumer.group.name",
					(group != null && !group.isEmpty()) ? group : NO_GROUP))
				.record(timeInQueue);
		}
	}

	private Meter.@Nullable MeterProvider<Timer> timers() {
		Meter.MeterProvider<Timer> provider = this.timers;
		if (provider == null) {
			MeterRegistry registry = this.meterRegistry.get();
			if (registry == null) {
				return null;
			}
			provider = Timer.builder(METER_NAME)
				.description("Time records waited in Kafka, from their timestamp to the start of processing")
				.withRegistry(registry);
			this.timers = provider;
		}
		return provider;
	}

}
