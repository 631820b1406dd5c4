package dev.tracewire.export;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.tracewire.autoconfigure.LazyLookup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The span loss meters: {@value #STARTED} and {@value #ENDED} count sampled spans, {@value #EXPORTED} those an
 * exporter accepted, and {@value #DROPPED} those lost on the way, tagged with the {@code reason}
 * ({@value #QUEUE_FULL} or {@value #EXPORT_FAILED}) and the {@code exporter}. Once the export queue is drained,
 * spans ended = exported + dropped.
 */
public final class SpanLossMeters implements SmartInitializingSingleton {

	/** Sampled spans started. */
	public static final String STARTED = "tracewire.spans.started";

	/** Sampled spans ended. */
	public static final String ENDED = "tracewire.spans.ended";

	/** Spans an exporter accepted. */
	public static final String EXPORTED = "tracewire.spans.exported";

	/** Spans lost before or during export. */
	public static final String DROPPED = "tracewire.spans.dropped";

	/** Dropped because the batch processor's queue was full. */
	public static final String QUEUE_FULL = "queue_full";

	/** Dropped because the exporter failed (refused, timed out, rejected). */
	public static final String EXPORT_FAILED = "export_failed";

	private static final String NO_EXPORTER = "none";

	private final LazyLookup<MeterRegistry> registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Creates the meters, registered lazily in the registry the supplier returns.
	 * @param registry supplies the registry, or {@code null} when there is none (nothing is counted then)
	 */
	public SpanLossMeters(Supplier<@Nullable MeterRegistry> registry) {
		this.registry = LazyLookup.of(registry);
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.registry.settle();
	}

	void started() {
		increment(STARTED, "started", null, null, 1);
	}

	void ended() {
		increment(ENDED, "ended", null, null, 1);
	}

	void exported(String exporter, long count) {
		increment(EXPORTED, "exported|" + exporter, null, exporter, count);
	}

	void exportFailed(String exporter, long count) {
		increment(DROPPED, "failed|" + exporter, EXPORT_FAILED, exporter, count);
	}

	void queueFull(long count) {
		increment(DROPPED, "queue_full", QUEUE_FULL, NO_EXPORTER, count);
	}

	private void increment(String name, String key, @Nullable String reason, @Nullable String exporter, long count) {
		Counter counter = this.counters.get(key);
		if (counter == null) {
			MeterRegistry registry = this.registry.get();
			if (registry == null) {
				return;
			}
			counter = this.counters.computeIfAbsent(key, (ignored) -> register(registry, name, reason, exporter));
		}
		counter.increment(count);
	}

	private static Counter register(MeterRegistry registry, String name, @Nullable String reason,
			@Nullable String exporter) {
		Counter.Builder builder = Counter.builder(name).baseUnit("spans");
		if (exporter != null) {
			builder.tag("exporter", exporter);
		}
		if (reason != null) {
			builder.tag("reason", reason);
		}
		return builder.register(registry);
	}

}
