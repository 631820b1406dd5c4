package dev.tracewire.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracewire.sampling.SamplingRule;
import dev.tracewire.sampling.TracewireSampler;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One sampling decision: Spring Boot's default sampler (parent-based, ratio 0.1) against Tracewire's with its
 * defaults (probability 1.0, rate limit 100/s, {@code /actuator/**} skipped) plus two rules, for a root span and
 * for one under a sampled remote parent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SamplerBenchmark {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Param({ "root", "remote-parent" })
	public String parent;

	private Context context;

	private Sampler boot;

	private Sampler tracewire;

	private Sampler tracewireUnlimited;

	@Setup
	public void setUp() {
		this.boot = Sampler.parentBased(Sampler.traceIdRatioBased(0.1));
		List<SamplingRule> rules = List.of(new SamplingRule("POST", "/orders/**", null, 1.0),
				new SamplingRule(null, null, "spring.security.*", 0.0));
		this.tracewire = TracewireSampler.builder()
			.probability(1.0)
			.rateLimit(100)
			.skipPaths(List.of("/actuator/**"))
			.rules(rules)
			.build();
		this.tracewireUnlimited = TracewireSampler.builder()
			.probability(1.0)
			.skipPaths(List.of("/actuator/**"))
			.rules(rules)
			.build();
		this.context = "root".equals(this.parent) ? Context.root()
				: Context.root()
					.with(Span.wrap(SpanContext.createFromRemoteParent(TRACE_ID, "00f067aa0ba902b7",
							TraceFlags.getSampled(), TraceState.getDefault())));
	}

	@Benchmark
	public SamplingResult bootDefault() {
		return this.boot.shouldSample(this.context, TRACE_ID, "", SpanKind.SERVER, Attributes.empty(), List.of());
	}

	@Benchmark
	public SamplingResult tracewireDefault() {
		return this.tracewire.shouldSample(this.context, TRACE_ID, "", SpanKind.SERVER, Attributes.empty(),
				List.of());
	}

	@Benchmark
	public SamplingResult tracewireWithoutRateLimit() {
		return this.tracewireUnlimited.shouldSample(this.context, TRACE_ID, "", SpanKind.SERVER, Attributes.empty(),
				List.of());
	}

}
