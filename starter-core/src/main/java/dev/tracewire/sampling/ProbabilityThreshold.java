package dev.tracewire.sampling;

import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.jspecify.annotations.Nullable;

/**
 * Samples by probability the way OpenTelemetry's consistent probability sampling defines it, and says so in the
 * span's {@code tracestate}: the trace id's last 56 bits are its randomness, a trace is sampled when they are at
 * least the rejection threshold {@code (1 - p) * 2^56}, and that threshold is written as {@code ot=th:<hex>} (trailing
 * zeros dropped). At probability 1 nothing is written: a span without a threshold counts as one trace. A backend that extrapolates counts from samples (Tempo does) then
 * counts each sampled trace as {@code 1/p} traces; every service that samples with the same probability decides the
 * same way for the same trace.
 * <p>
 * A trace kept by {@link DeferredKeepSpanProcessor} was not chosen by probability: its spans carry no threshold, and
 * say why they were kept instead.
 */
final class ProbabilityThreshold {

	static final String OT_KEY = "ot";

	private static final String TH = "th:";

	private static final long MAX_THRESHOLD = 1L << 56;

	private static final int RANDOMNESS_START = 18;

	private final long rejectionThreshold;

	private final String th;

	// The tracestate of a root without one from its caller, the usual case: made once.
	private final TraceState alone;

	private final SamplingResult sampled;

	ProbabilityThreshold(double probability) {
		this.rejectionThreshold = Math.round((1 - probability) * MAX_THRESHOLD);
		this.th = TH + encode(this.rejectionThreshold);
		this.alone = TraceState.builder().put(OT_KEY, this.th).build();
		// Probability 1 writes nothing: a span without a threshold counts as one, and every call and record of a
		// fully sampled service would otherwise carry a tracestate header for it.
		this.sampled = (this.rejectionThreshold == 0) ? SamplingResult.recordAndSample() : new ThresholdResult(this);
	}

	/**
	 * Returns whether a trace is sampled.
	 * @param traceId 32 lower-case hex characters
	 * @return whether its randomness reaches the threshold
	 */
	boolean isSampled(String traceId) {
		return this.rejectionThreshold < MAX_THRESHOLD && randomness(traceId) >= this.rejectionThreshold;
	}

	/**
	 * Returns the result for a sampled trace, which writes the threshold into the span's {@code tracestate}.
	 * @return the result
	 */
	SamplingResult sampled() {
		return this.sampled;
	}

	String th() {
		return this.th;
	}

	TraceState withThreshold(TraceState parent) {
		if (parent.isEmpty()) {
			return this.alone;
		}
		String ot = parent.get(OT_KEY);
		return parent.toBuilder().put(OT_KEY, (ot != null) ? replaceTh(ot, this.th) : this.th).build();
	}

	/**
	 * Returns a tracestate without a sampling threshold, for a span that was not chosen by probability.
	 * @param traceState the span's tracestate
	 * @return the same one when it has no threshold, else a copy without it
	 */
	static TraceState withoutThreshold(TraceState traceState) {
		String ot = traceState.get(OT_KEY);
		if (ot == null || !hasTh(ot)) {
			return traceState;
		}
		String rest = replaceTh(ot, null);
		TraceStateBuilder builder = traceState.toBuilder();
		return (rest.isEmpty() ? builder.remove(OT_KEY) : builder.put(OT_KEY, rest)).build();
	}

	// The 'ot' value with its 'th' sub-key replaced (or removed for null); other sub-keys kept in order.
	private static String replaceTh(String ot, @Nullable String th) {
		StringBuilder result = new StringBuilder(ot.length() + 16);
		if (th != null) {
			result.append(th);
		}
		for (String part : ot.split(";", -1)) {
			if (part.isEmpty() || part.startsWith(TH)) {
				continue;
			}
			if (!result.isEmpty()) {
				result.append(';');
			}
			result.append(part);
		}
		return result.toString();
	}

	private static boolean hasTh(String ot) {
		return ot.startsWith(TH) || ot.contains(";" + TH);
	}

	static long randomness(String traceId) {
		long value = 0;
		for (int i = RANDOMNESS_START; i < traceId.length(); i++) {
			value = (value << 4) | Character.digit(traceId.charAt(i), 16);
		}
		return value;
	}

	// Probability 0 has no threshold on the wire: nothing is sampled with it.
	static String encode(long threshold) {
		if (threshold == 0 || threshold >= MAX_THRESHOLD) {
			return "0";
		}
		String hex = Long.toHexString(threshold | MAX_THRESHOLD).substring(1);
		int end = hex.length();
		while (hex.charAt(end - 1) == '0') {
			end--;
		}
		return hex.substring(0, end);
	}

	private static final class ThresholdResult implements SamplingResult {

		private final ProbabilityThreshold threshold;

		ThresholdResult(ProbabilityThreshold threshold) {
			this.threshold = threshold;
		}

		@Override
		public SamplingDecision getDecision() {
			return SamplingDecision.RECORD_AND_SAMPLE;
		}

		@Override
		public io.opentelemetry.api.common.Attributes getAttributes() {
			return io.opentelemetry.api.common.Attributes.empty();
		}

		@Override
		public TraceState getUpdatedTraceState(TraceState parentTraceState) {
			return this.threshold.withThreshold(parentTraceState);
		}

	}

}
