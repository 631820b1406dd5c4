package dev.tracewire.sampling;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.tracewire.autoconfigure.LazyLookup;
import dev.tracewire.sampling.DeferredKeepSpanProcessor.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Counts what happened to each local trace in Micrometer, so that a dashboard shows the share of traces kept for
 * an error, spans per trace and trace latency:
 * <ul>
 * <li>{@value #TRACES}, by {@code outcome} (sampled, kept-error, kept-slow, kept-downstream, discarded, evicted,
 * over-limit);</li>
 * <li>{@value #SPANS}, spans held per trace that was not sampled, by {@code outcome};</li>
 * <li>{@value #DURATION}, the local root's duration, by {@code outcome};</li>
 * <li>{@value #SPANS_CUT}, spans not held for lack of room (their trace, if kept, is exported without them);</li>
 * <li>{@value #TRACE_RESPONSE_IGNORED}, callees' {@code traceresponse} headers ignored, by {@code reason}
 * ({@code malformed}, {@code other-trace}).</li>
 * </ul>
 * A sampled trace is counted when a local root (a span whose parent is remote or absent) ends; one that was not
 * sampled when all its spans in this process have ended.
 */
public final class TraceOutcomeMeters implements DeferredKeepSpanProcessor.Outcomes, SmartInitializingSingleton {

	/** Local traces, by outcome. */
	public static final String TRACES = "tracewire.traces";

	/** Spans held per local trace that was not sampled. */
	public static final String SPANS = "tracewire.trace.spans";

	/** Duration of a local trace's root. */
	public static final String DURATION = "tracewire.trace.duration";

	/** Spans not held for lack of room. */
	public static final String SPANS_CUT = "tracewire.trace.spans.cut";

	/** Callees' {@code traceresponse} headers ignored, by reason. */
	public static final String TRACE_RESPONSE_IGNORED = "tracewire.traceresponse.ignored";

	private final LazyLookup<MeterRegistry> registry;

	private volatile @Nullable Meters meters;

	/**
	 * Creates the meters, registered lazily in the registry the supplier returns.
	 * @param registry supplies the registry, or {@code null} when there is none (nothing is counted then)
	 */
	public TraceOutcomeMeters(Supplier<@Nullable MeterRegistry> registry) {
		this.registry = LazyLookup.of(registry);
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.registry.settle();
	}

	@Override
	public void trace(Outcome outcome, int spans, long rootLatencyNanos) {
		Meters meters = meters();
		if (meters == null) {
			return;
		}
		meters.traces.get(outcome).increment();
		if (spans >= 0) {
			meters.spans.get(outcome).record(spans);
		}
		if (rootLatencyNanos > 0) {
			meters.durations.get(outcome).record(Duration.ofNanos(rootLatencyNanos));
		}
	}

	@Override
	public void spansCut(int spans) {
		Meters meters = meters();
		if (meters != null) {
			meters.cut.increment(spans);
		}
	}

	@Override
	public void traceResponseIgnored(String reason) {
		MeterRegistry registry = this.registry.get();
		if (registry != null) {
			// Rare: looked up each time rather than held.
			Counter.builder(TRACE_RESPONSE_IGNORED)
				.description("Callees' traceresponse headers ignored, by reason")
				.tag("reason", reason)
				.register(registry)
				.increment();
		}
	}

	private @Nullable Meters meters() {
		Meters meters = this.meters;
		if (meters == null) {
			MeterRegistry registry = this.registry.get();
			if (registry != null) {
				meters = new Meters(registry);
				this.meters = meters;
			}
		}
		return meters;
	}

	// Registered together, once: registering again returns the same meters, so a race only costs a lookup.
	private static final class Meters {

		final Map<Outcome, Counter> traces = new EnumMap<>(Outcome.class);

		final Map<Outcome, DistributionSummary> spans = new EnumMap<>(Outcome.class);

		final Map<Outcome, Timer> durations = new EnumMap<>(Outcome.class);

		final Counter cut;

		Meters(MeterRegistry registry) {
			for (Outcome outcome : Outcome.values()) {
				this.traces.put(outcome, Counter.builder(TRACES)
					.description("Local traces, by what happened to them")
					.baseUnit("traces")
					.tag("outcome", outcome.tag())
					.register(registry));
				this.spans.put(outcome, DistributionSummary.builder(SPANS)
					.description("Spans held per local trace that was not sampled")
					.baseUnit("spans")
					.tag("outcome", outcome.tag())
					.register(registry));
				this.durations.put(outcome, Timer.builder(DURATION)
					.description("Duration of a local trace's root span")
					.tag("outcome", outcome.tag())
					.register(registry));
			}
			this.cut = Counter.builder(SPANS_CUT)
				.description("Spans not held for a trace that was not sampled, for lack of room")
				.baseUnit("spans")
				.register(registry);
		}

	}

}
