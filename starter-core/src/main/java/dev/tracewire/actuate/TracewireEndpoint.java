package dev.tracewire.actuate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.tracewire.context.LostContextRecorder;
import dev.tracewire.export.SpanLossMeters;
import dev.tracewire.sampling.TraceOutcomeMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code tracewire} actuator endpoint: the effective sampler, redaction settings, propagators and exporters,
 * the counters of spans and trace contexts lost so far, and what happened to local traces (sampled, kept for an error
 * or for being slow, discarded).
 */
@Endpoint(id = "tracewire")
public class TracewireEndpoint {

	private final Supplier<@Nullable String> sampler;

	private final Supplier<@Nullable Map<String, Object>> redaction;

	private final Supplier<@Nullable String> propagators;

	private final Supplier<List<String>> exporters;

	private final Supplier<@Nullable MeterRegistry> meterRegistry;

	/**
	 * Creates the endpoint; every collaborator is looked up when the endpoint is read.
	 * @param sampler describes the sampler
	 * @param redaction describes the redaction settings, {@code null} when redaction is off
	 * @param propagators describes the propagators
	 * @param exporters names the span exporters
	 * @param meterRegistry the registry holding the loss counters
	 */
	public TracewireEndpoint(Supplier<@Nullable String> sampler, Supplier<@Nullable Map<String, Object>> redaction,
			Supplier<@Nullable String> propagators, Supplier<List<String>> exporters,
			Supplier<@Nullable MeterRegistry> meterRegistry) {
		this.sampler = sampler;
		this.redaction = redaction;
		this.propagators = propagators;
		this.exporters = exporters;
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Reports the effective configuration and the loss counters.
	 * @return the report
	 */
	@ReadOperation
	public TracewireDescriptor tracewire() {
		Map<String, Object> redaction = this.redaction.get();
		return new TracewireDescriptor(this.sampler.get(), (redaction != null) ? redaction : Map.of("enabled", false),
				this.propagators.get(), this.exporters.get(), spans(), traces(), lostContexts());
	}

	private Map<String, Double> spans() {
		Map<String, Double> spans = new TreeMap<>();
		MeterRegistry registry = this.meterRegistry.get();
		if (registry == null) {
			return spans;
		}
		spans.put("started", sum(registry, SpanLossMeters.STARTED, null));
		spans.put("ended", sum(registry, SpanLossMeters.ENDED, null));
		spans.put("exported", sum(registry, SpanLossMeters.EXPORTED, null));
		spans.put("dropped." + SpanLossMeters.QUEUE_FULL, sum(registry, SpanLossMeters.DROPPED, SpanLossMeters.QUEUE_FULL));
		spans.put("dropped." + SpanLossMeters.EXPORT_FAILED,
				sum(registry, SpanLossMeters.DROPPED, SpanLossMeters.EXPORT_FAILED));
		return spans;
	}

	// Local traces by outcome (sampled, kept for an error, for being slow or for a callee, discarded, evicted, over the
	// keep limit), spans cut, and callees' traceresponse headers ignored by reason.
	private Map<String, Double> traces() {
		MeterRegistry registry = this.meterRegistry.get();
		if (registry == null) {
			return new TreeMap<>();
		}
		Map<String, Double> traces = sumByTag(registry, TraceOutcomeMeters.TRACES, "outcome");
		Counter cut = registry.find(TraceOutcomeMeters.SPANS_CUT).counter();
		if (cut != null) {
			traces.put("spans.cut", cut.count());
		}
		sumByTag(registry, TraceOutcomeMeters.TRACE_RESPONSE_IGNORED, "reason")
			.forEach((reason, count) -> traces.put("traceresponse.ignored." + reason, count));
		return traces;
	}

	private static double sum(MeterRegistry registry, String name, @Nullable String reason) {
		var search = registry.find(name);
		if (reason != null) {
			search = search.tag("reason", reason);
		}
		return search.counters().stream().mapToDouble(Counter::count).sum();
	}

	private Map<String, Double> lostContexts() {
		MeterRegistry registry = this.meterRegistry.get();
		return (registry != null) ? sumByTag(registry, LostContextRecorder.METER_NAME, LostContextRecorder.BOUNDARY_TAG)
				: new TreeMap<>();
	}

	// The counters of one name, summed by the value of one tag, sorted by it.
	private static Map<String, Double> sumByTag(MeterRegistry registry, String name, String tag) {
		Map<String, Double> sums = new TreeMap<>();
		for (Counter counter : registry.find(name).counters()) {
			sums.merge(String.valueOf(counter.getId().getTag(tag)), counter.count(), Double::sum);
		}
		return sums;
	}

	/**
	 * What the endpoint reports.
	 *
	 * @param sampler the sampler's description
	 * @param redaction the redaction settings
	 * @param propagators the propagators' description
	 * @param exporters the span exporters
	 * @param spans spans started, ended, exported and dropped by reason
	 * @param traces local traces by outcome (sampled, kept-error, kept-slow, kept-downstream, discarded, evicted,
	 * over-limit), the spans cut from traces held for a deferred keep ({@code spans.cut}) and the callees'
	 * {@code traceresponse} headers ignored ({@code traceresponse.ignored.malformed}, {@code .other-trace})
	 * @param lostContexts contexts lost, by boundary
	 */
	public record TracewireDescriptor(@Nullable String sampler, Map<String, Object> redaction,
			@Nullable String propagators, List<String> exporters, Map<String, Double> spans,
			Map<String, Double> traces, Map<String, Double> lostContexts) {
	}

}
