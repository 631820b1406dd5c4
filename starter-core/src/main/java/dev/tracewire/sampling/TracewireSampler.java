package dev.tracewire.sampling;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import dev.tracewire.propagation.InboundSampling;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.jspecify.annotations.Nullable;

/**
 * Tracewire's sampler: parent-based, with a probability, a rate limit per instance, paths that are never sampled
 * and rules by HTTP method, path and observation name.
 * <p>
 * Decisions, in order:
 * <ol>
 * <li>a request to a skipped path (by default {@code /actuator/**}) is never sampled;</li>
 * <li>the first matching rule with probability 0 drops the span, even under a sampled parent;</li>
 * <li>a span with a local parent follows the parent;</li>
 * <li>a caller's explicit B3 deny ({@code b3: 0}) drops the span;</li>
 * <li>a span with a remote parent follows the caller's flag; at a trust boundary a sampled flag must also pass the
 * rate limit, so a caller cannot force every request into the export;</li>
 * <li>a root span, or one whose caller sent B3 ids without a sampling decision, is sampled with the matching rule's
 * probability (else the default probability), then only if the rate limit allows.</li>
 * </ol>
 * With {@linkplain Builder#recordUnsampled(boolean) unsampled spans recorded} (for
 * {@link DeferredKeepSpanProcessor}), a span that steps 4 to 6 leave unsampled is recorded but not sampled
 * ({@link SamplingDecision#RECORD_ONLY}) where its trace can still be kept: a root, a span whose caller did not
 * sample or whose sampled flag the rate limit refused, and a child of a recorded span. Skipped paths, rules with
 * probability 0 and a caller's explicit B3 deny still drop it, as does a child of a span that was dropped.
 * <p>
 * Step 6 is OpenTelemetry's consistent probability sampling: the trace id's last 56 bits decide, and a sampled
 * root's {@code tracestate} carries the threshold ({@code ot=th:...}), which its children and callees inherit, so
 * that a backend can extrapolate counts from the samples. Under a rate limit that refuses traces, such counts are
 * low by the refused share.
 */
public final class TracewireSampler implements Sampler {

	private final double probability;

	private final List<String> skipPaths;

	private final List<SamplingRule> rules;

	private final @Nullable RateLimiter rateLimiter;

	private final int tracesPerSecond;

	private final boolean trustBoundary;

	private final boolean recordUnsampled;

	private final Map<Double, ProbabilityThreshold> thresholds = new HashMap<>();

	private TracewireSampler(Builder builder, LongSupplier nanoClock) {
		this.probability = builder.probability;
		this.skipPaths = List.copyOf(builder.skipPaths);
		this.rules = List.copyOf(builder.rules);
		this.tracesPerSecond = builder.tracesPerSecond;
		this.rateLimiter = (builder.tracesPerSecond > 0) ? new RateLimiter(builder.tracesPerSecond, nanoClock) : null;
		this.trustBoundary = builder.trustBoundary;
		this.recordUnsampled = builder.recordUnsampled;
		// Fixed set, built once: lookups on the hot path never allocate.
		this.thresholds.put(this.probability, new ProbabilityThreshold(this.probability));
		this.rules.forEach((rule) -> this.thresholds.computeIfAbsent(rule.probability(), ProbabilityThreshold::new));
	}

	/**
	 * Starts a sampler configuration.
	 * @return a builder with the defaults: probability 1, no rate limit, no rules, no skipped paths
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
			Attributes attributes, List<LinkData> parentLinks) {
		SamplingHint hint = SamplingHint.from(parentContext);
		if (isSkipped(hint)) {
			return SamplingResult.drop();
		}
		SamplingRule rule = matchingRule(hint);
		if (rule != null && rule.isNever()) {
			return SamplingResult.drop();
		}
		SpanContext parent = Span.fromContext(parentContext).getSpanContext();
		InboundSampling callerWish = (hint != null && (parent.isRemote() || !parent.isValid()))
				? hint.inboundSampling() : null;
		if (callerWish == InboundSampling.DENY) {
			return SamplingResult.drop();
		}
		if (parent.isValid() && callerWish != InboundSampling.DEFER) {
			if (!parent.isSampled()) {
				// A local parent that was dropped has no trace here to keep; one that is recorded has (an SDK span,
				// even once ended: work may outlive the span that started it).
				return (parent.isRemote() || Span.fromContext(parentContext) instanceof ReadableSpan) ? unsampled()
						: SamplingResult.drop();
			}
			boolean mustPassRateLimit = parent.isRemote() && this.trustBoundary;
			return (!mustPassRateLimit || permitted()) ? SamplingResult.recordAndSample() : unsampled();
		}
		// A root, or a caller that sent ids but left the decision to us.
		double rootProbability = (rule != null) ? rule.probability() : this.probability;
		ProbabilityThreshold threshold = this.thresholds.get(rootProbability);
		if (!threshold.isSampled(traceId)) {
			return unsampled();
		}
		return permitted() ? threshold.sampled() : unsampled();
	}

	// Not sampled, but recorded when a deferred keep may still export the trace.
	private SamplingResult unsampled() {
		return this.recordUnsampled ? SamplingResult.recordOnly() : SamplingResult.drop();
	}

	private boolean isSkipped(@Nullable SamplingHint hint) {
		String path = (hint != null) ? hint.path() : null;
		if (path == null) {
			return false;
		}
		for (String skipPath : this.skipPaths) {
			if (SamplingRule.pathMatches(skipPath, path)) {
				return true;
			}
		}
		return false;
	}

	private @Nullable SamplingRule matchingRule(@Nullable SamplingHint hint) {
		for (SamplingRule rule : this.rules) {
			if (rule.matches(hint)) {
				return rule;
			}
		}
		return null;
	}

	private boolean permitted() {
		return this.rateLimiter == null || this.rateLimiter.tryAcquire();
	}

	@Override
	public String getDescription() {
		return "TracewireSampler{probability=" + this.probability + ", tracesPerSecond="
				+ ((this.rateLimiter != null) ? this.tracesPerSecond : "unlimited") + ", trustBoundary="
				+ this.trustBoundary + ", recordUnsampled=" + this.recordUnsampled + ", skipPaths=" + this.skipPaths
				+ ", rules=" + this.rules + "}";
	}

	@Override
	public String toString() {
		return getDescription();
	}

	/**
	 * Configures a {@link TracewireSampler}.
	 */
	public static final class Builder {

		private double probability = 1.0;

		private List<String> skipPaths = List.of();

		private List<SamplingRule> rules = List.of();

		private int tracesPerSecond;

		private boolean trustBoundary;

		private boolean recordUnsampled;

		private Builder() {
		}

		/**
		 * Sets the probability of sampling a root span that no rule matches.
		 * @param probability between 0 and 1
		 * @return this builder
		 */
		public Builder probability(double probability) {
			this.probability = SamplingRule.checkProbability(probability);
			return this;
		}

		/**
		 * Sets the Ant-style path patterns of requests that are never sampled.
		 * @param skipPaths the patterns
		 * @return this builder
		 */
		public Builder skipPaths(List<String> skipPaths) {
			this.skipPaths = List.copyOf(skipPaths);
			return this;
		}

		/**
		 * Sets the rules, of which the first that matches applies.
		 * @param rules the rules
		 * @return this builder
		 */
		public Builder rules(List<SamplingRule> rules) {
			this.rules = List.copyOf(rules);
			return this;
		}

		/**
		 * Limits the number of traces this instance starts (and, at a trust boundary, accepts) per second.
		 * @param tracesPerSecond the limit, or 0 for none
		 * @return this builder
		 */
		public Builder rateLimit(int tracesPerSecond) {
			if (tracesPerSecond < 0) {
				throw new IllegalArgumentException("Traces per second must not be negative, but was " + tracesPerSecond);
			}
			this.tracesPerSecond = tracesPerSecond;
			return this;
		}

		/**
		 * Sets whether sampled flags from callers must also pass the rate limit.
		 * @param trustBoundary whether this service is a trust boundary
		 * @return this builder
		 */
		public Builder trustBoundary(boolean trustBoundary) {
			this.trustBoundary = trustBoundary;
			return this;
		}

		/**
		 * Sets whether spans that are not sampled are still recorded where their trace could be kept, so that a
		 * {@link DeferredKeepSpanProcessor} can export the traces that fail or are slow. Off by default: without
		 * such a processor, recording costs and keeps nothing.
		 * @param recordUnsampled whether to record unsampled spans
		 * @return this builder
		 */
		public Builder recordUnsampled(boolean recordUnsampled) {
			this.recordUnsampled = recordUnsampled;
			return this;
		}

		/**
		 * Builds the sampler.
		 * @return the sampler
		 */
		public TracewireSampler build() {
			return new TracewireSampler(this, System::nanoTime);
		}

		TracewireSampler build(LongSupplier nanoClock) {
			return new TracewireSampler(this, nanoClock);
		}

	}

}
