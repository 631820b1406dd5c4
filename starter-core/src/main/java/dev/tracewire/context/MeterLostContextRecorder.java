package dev.tracewire.context;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts lost contexts in a Micrometer {@link MeterRegistry}, one counter per boundary, and logs each like
 * {@link LostContextRecorder#logging()}.
 */
public final class MeterLostContextRecorder implements LostContextRecorder {

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Creates a recorder.
	 * @param registry the registry to count in
	 */
	public MeterLostContextRecorder(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void recordLost(String boundary) {
		this.counters.computeIfAbsent(boundary, this::counter).increment();
		LostContextRecorder.logging().recordLost(boundary);
	}

	private Counter counter(String boundary) {
		return Counter.builder(METER_NAME)
			.description("Work that ran without the trace context it should have had")
			.tag(BOUNDARY_TAG, boundary)
			.register(this.registry);
	}

}
