package dev.tracewire.sampling;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.tracewire.propagation.InboundSampling;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every decision path of {@link TracewireSampler}.
 */
class TracewireSamplerTests {

	private static final SamplingHint ACTUATOR = new SamplingHint("http.server.requests", "GET", "/actuator/health", null);

	private static final SamplingHint ORDERS = new SamplingHint("http.server.requests", "POST", "/orders/42", null);

	private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

	@Test
	void rootIsSampledAtProbabilityOne() {
		assertThat(decide(sampler().build(this.clock::get), root(null))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
	}

	@Test
	void rootIsDroppedAtProbabilityZero() {
		assertThat(decide(sampler().probability(0).build(this.clock::get), root(null))).isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void rootIsSampledInProportionToProbability() {
		TracewireSampler sampler = sampler().probability(0.25).build(this.clock::get);
		int sampled = 0;
		for (int i = 0; i < 4000; i++) {
			if (decide(sampler, root(null)) == SamplingDecision.RECORD_AND_SAMPLE) {
				sampled++;
			}
		}
		assertThat(sampled).isBetween(800, 1200);
	}

	@Test
	void skippedPathIsDroppedEvenWhenTheCallerSampled() {
		TracewireSampler sampler = sampler().skipPaths(List.of("/actuator/**")).build(this.clock::get);
		assertThat(decide(sampler, root(ACTUATOR))).isEqualTo(SamplingDecision.DROP);
		assertThat(decide(sampler, remoteParent(true, ACTUATOR))).isEqualTo(SamplingDecision.DROP);
		assertThat(decide(sampler, root(ORDERS))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
	}

	@Test
	void neverRuleDropsEvenUnderASampledParent() {
		TracewireSampler sampler = sampler()
			.rules(List.of(new SamplingRule(null, null, "spring.security.*", 0)))
			.build(this.clock::get);
		SamplingHint security = new SamplingHint("spring.security.filterchains", null, null, null);
		assertThat(decide(sampler, localParent(true, security))).isEqualTo(SamplingDecision.DROP);
		assertThat(decide(sampler, localParent(true, new SamplingHint("other", null, null, null))))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
	}

	@Test
	void ruleProbabilityReplacesTheDefaultForRoots() {
		TracewireSampler sampler = sampler().probability(0)
			.rules(List.of(new SamplingRule("post", "/orders/**", null, 1)))
			.build(this.clock::get);
		assertThat(decide(sampler, root(ORDERS))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler, root(new SamplingHint("http.server.requests", "GET", "/orders/42", null))))
			.as("method does not match, so the default applies")
			.isEqualTo(SamplingDecision.DROP);
		assertThat(decide(sampler, root(null))).isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void firstMatchingRuleWins() {
		TracewireSampler sampler = sampler().probability(0)
			.rules(List.of(new SamplingRule(null, "/orders/**", null, 1), new SamplingRule(null, "/**", null, 0)))
			.build(this.clock::get);
		assertThat(decide(sampler, root(ORDERS))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler, root(new SamplingHint("http.server.requests", "GET", "/cart", null))))
			.isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void callersB3DenyDropsTheRoot() {
		SamplingHint deny = new SamplingHint("http.server.requests", "GET", "/orders", InboundSampling.DENY);
		assertThat(decide(sampler().build(this.clock::get), root(deny))).isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void callersB3WithoutDecisionDefersToOurSampler() {
		SamplingHint defer = new SamplingHint("http.server.requests", "GET", "/orders", InboundSampling.DEFER);
		// OpenTelemetry's B3 propagator turns "no decision" into a remote parent that is not sampled.
		assertThat(decide(sampler().build(this.clock::get), remoteParent(false, defer)))
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler().probability(0).build(this.clock::get), remoteParent(false, defer)))
			.isEqualTo(SamplingDecision.DROP);
		TracewireSampler limited = sampler().rateLimit(1).build(this.clock::get);
		assertThat(decide(limited, remoteParent(false, defer))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(limited, remoteParent(false, defer))).as("deferred decisions spend the rate limit")
			.isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void localParentDecides() {
		TracewireSampler sampler = sampler().probability(0).rateLimit(1).build(this.clock::get);
		assertThat(decide(sampler, localParent(true, null))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler, localParent(true, null))).as("children do not spend the rate limit")
			.isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler().build(this.clock::get), localParent(false, null)))
			.isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void remoteSampledFlagIsHonouredAndBypassesTheRateLimitByDefault() {
		TracewireSampler sampler = sampler().probability(0).rateLimit(1).build(this.clock::get);
		for (int i = 0; i < 5; i++) {
			assertThat(decide(sampler, remoteParent(true, ORDERS))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		}
	}

	@Test
	void remoteNotSampledFlagIsHonoured() {
		assertThat(decide(sampler().build(this.clock::get), remoteParent(false, ORDERS)))
			.isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void atATrustBoundaryRemoteSampledFlagMustPassTheRateLimit() {
		TracewireSampler sampler = sampler().rateLimit(2).trustBoundary(true).build(this.clock::get);
		assertThat(decide(sampler, remoteParent(true, ORDERS))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler, remoteParent(true, ORDERS))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler, remoteParent(true, ORDERS))).isEqualTo(SamplingDecision.DROP);
		assertThat(decide(sampler, remoteParent(false, ORDERS))).isEqualTo(SamplingDecision.DROP);
		this.clock.addAndGet(500_000_000L);
		assertThat(decide(sampler, remoteParent(true, ORDERS))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
	}

	@Test
	void rateLimitAllowsOneSecondsBurstThenTheSteadyRate() {
		TracewireSampler sampler = sampler().rateLimit(10).build(this.clock::get);
		for (int i = 0; i < 10; i++) {
			assertThat(decide(sampler, root(null))).as("burst permit %d", i).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		}
		assertThat(decide(sampler, root(null))).isEqualTo(SamplingDecision.DROP);
		this.clock.addAndGet(99_000_000L);
		assertThat(decide(sampler, root(null))).isEqualTo(SamplingDecision.DROP);
		this.clock.addAndGet(1_000_000L);
		assertThat(decide(sampler, root(null))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler, root(null))).isEqualTo(SamplingDecision.DROP);
		this.clock.addAndGet(10_000_000_000L);
		int burst = 0;
		while (decide(sampler, root(null)) == SamplingDecision.RECORD_AND_SAMPLE) {
			burst++;
		}
		assertThat(burst).as("an idle limiter refills to one second's worth, not more").isEqualTo(10);
	}

	@Test
	void noRateLimitWhenZero() {
		TracewireSampler sampler = sampler().rateLimit(0).build(this.clock::get);
		for (int i = 0; i < 1000; i++) {
			assertThat(decide(sampler, root(null))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		}
	}

	@Test
	void rejectsNonsense() {
		assertThatIllegalArgumentException().isThrownBy(() -> sampler().probability(1.5));
		assertThatIllegalArgumentException().isThrownBy(() -> sampler().rateLimit(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> new SamplingRule(null, null, null, 0.5));
		assertThatIllegalArgumentException().isThrownBy(() -> new SamplingRule("GET", null, null, -0.1));
	}

	@Test
	void describesItsConfiguration() {
		assertThat(sampler().probability(0.5).rateLimit(7).skipPaths(List.of("/actuator/**")).build().getDescription())
			.contains("probability=0.5", "tracesPerSecond=7", "/actuator/**");
	}

	@Test
	void recordsWhatItDoesNotSampleWhereTheTraceCanStillBeKept() {
		TracewireSampler sampler = sampler().probability(0).rateLimit(1).trustBoundary(true).recordUnsampled(true)
			.build(this.clock::get);
		assertThat(decide(sampler, root(ORDERS))).isEqualTo(SamplingDecision.RECORD_ONLY);
		assertThat(decide(sampler, remoteParent(false, ORDERS))).isEqualTo(SamplingDecision.RECORD_ONLY);
		// The rate limit (1 a second) lets the caller's first sampled flag through, not the second.
		assertThat(decide(sampler, remoteParent(true, ORDERS))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
		assertThat(decide(sampler, remoteParent(true, ORDERS))).isEqualTo(SamplingDecision.RECORD_ONLY);
		assertThat(decide(sampler, localParent(true, ORDERS))).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
	}

	@Test
	void recordsTheChildrenOfARecordedSpanButNotOfADroppedOne() {
		TracewireSampler sampler = sampler().probability(0).recordUnsampled(true).build(this.clock::get);
		try (SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(sampler).build()) {
			Span recorded = provider.get("test").spanBuilder("parent").setNoParent().startSpan();
			assertThat(recorded.isRecording()).isTrue();
			assertThat(recorded.getSpanContext().isSampled()).isFalse();
			assertThat(decide(sampler, Context.root().with(recorded))).isEqualTo(SamplingDecision.RECORD_ONLY);
			recorded.end();
		}
		// A local parent that was dropped (not recording).
		assertThat(decide(sampler, localParent(false, ORDERS))).isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void recordsNothingItWasToldNeverToSample() {
		TracewireSampler sampler = sampler().probability(0)
			.skipPaths(List.of("/actuator/**"))
			.rules(List.of(new SamplingRule(null, null, "spring.security.*", 0)))
			.recordUnsampled(true)
			.build(this.clock::get);
		assertThat(decide(sampler, root(ACTUATOR))).isEqualTo(SamplingDecision.DROP);
		assertThat(decide(sampler, root(new SamplingHint("spring.security.filterchains", null, null, null))))
			.isEqualTo(SamplingDecision.DROP);
		assertThat(decide(sampler, root(new SamplingHint("http.server.requests", "GET", "/orders", InboundSampling.DENY))))
			.isEqualTo(SamplingDecision.DROP);
	}

	@Test
	void dropsWhatItDoesNotSampleUnlessToldToRecordIt() {
		TracewireSampler sampler = sampler().probability(0).build(this.clock::get);
		assertThat(decide(sampler, root(ORDERS))).isEqualTo(SamplingDecision.DROP);
		assertThat(decide(sampler, remoteParent(false, ORDERS))).isEqualTo(SamplingDecision.DROP);
	}

	private static TracewireSampler.Builder sampler() {
		return TracewireSampler.builder();
	}

	private static SamplingDecision decide(TracewireSampler sampler, Context parent) {
		return sampler
			.shouldSample(parent, IdGenerator.random().generateTraceId(), "", SpanKind.SERVER, Attributes.empty(),
					List.of())
			.getDecision();
	}

	private static Context root(@Nullable SamplingHint hint) {
		return withHint(Context.root(), hint);
	}

	private static Context localParent(boolean sampled, @Nullable SamplingHint hint) {
		return withHint(Context.root().with(Span.wrap(spanContext(sampled, false))), hint);
	}

	private static Context remoteParent(boolean sampled, @Nullable SamplingHint hint) {
		return withHint(Context.root().with(Span.wrap(spanContext(sampled, true))), hint);
	}

	private static SpanContext spanContext(boolean sampled, boolean remote) {
		IdGenerator ids = IdGenerator.random();
		TraceFlags flags = sampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
		return remote ? SpanContext.createFromRemoteParent(ids.generateTraceId(), ids.generateSpanId(), flags,
				TraceState.getDefault())
				: SpanContext.create(ids.generateTraceId(), ids.generateSpanId(), flags, TraceState.getDefault());
	}

	private static Context withHint(Context context, @Nullable SamplingHint hint) {
		return (hint != null) ? hint.storeIn(context) : context;
	}

}
