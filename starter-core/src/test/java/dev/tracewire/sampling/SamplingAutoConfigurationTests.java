package dev.tracewire.sampling;

import dev.tracewire.export.SpanLossMeters;
import dev.tracewire.export.autoconfigure.SpanLossAutoConfiguration;
import dev.tracewire.http.client.TraceResponseClientObservationHandler;
import dev.tracewire.redaction.autoconfigure.RedactionAutoConfiguration;
import dev.tracewire.sampling.autoconfigure.SamplingAutoConfiguration;
import dev.tracewire.sampling.autoconfigure.SamplingHintAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SamplingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SamplingAutoConfiguration.class, SamplingHintAutoConfiguration.class,
				ObservationAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class));

	@Test
	void replacesBootsSamplerAndHandlers() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Sampler.class);
			assertThat(context.getBean(Sampler.class)).isInstanceOf(TracewireSampler.class);
			assertThat(context.getBean(SdkTracerProvider.class).getSampler())
				.isSameAs(context.getBean(Sampler.class));
			assertThat(context).hasSingleBean(DefaultTracingObservationHandler.class)
				.getBean(DefaultTracingObservationHandler.class)
				.isInstanceOf(SamplingHintTracingObservationHandler.class);
			assertThat(context).hasSingleBean(PropagatingReceiverTracingObservationHandler.class)
				.getBean(PropagatingReceiverTracingObservationHandler.class)
				.isInstanceOf(SamplingHintReceiverTracingObservationHandler.class);
		});
	}

	@Test
	void bindsPropertiesAndDefaultsToBootsProbability() {
		this.runner.withPropertyValues("management.tracing.sampling.probability=0.3",
				"tracewire.sampling.rate-limit.traces-per-second=7", "tracewire.sampling.trust-boundary=true",
				"tracewire.sampling.rules[0].path=/orders/**", "tracewire.sampling.rules[0].probability=1")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription()).contains("probability=0.3",
					"tracesPerSecond=7", "trustBoundary=true", "skipPaths=[/actuator/**]", "path=/orders/**"));
	}

	@Test
	void ownProbabilityWinsOverBoots() {
		this.runner.withPropertyValues("management.tracing.sampling.probability=0.3", "tracewire.sampling.probability=0.6",
				"tracewire.sampling.rate-limit.enabled=false")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription()).contains("probability=0.6",
					"tracesPerSecond=unlimited"));
	}

	@Test
	void failsAtStartupOnAnImpossibleRule() {
		this.runner.withPropertyValues("tracewire.sampling.rules[0].probability=0.5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("needs a method, a path or an observation"));
	}

	@Test
	void keepsTheFailedTracesItDoesNotSampleByDefault() {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		this.runner.withPropertyValues("management.tracing.sampling.probability=0")
			.withBean(SimpleMeterRegistry.class)
			.withBean("exporting", SpanProcessor.class, () -> SimpleSpanProcessor.create(exporter))
			.run((context) -> {
				assertThat(context.getBean(Sampler.class).getDescription()).contains("recordUnsampled=true");
				assertThat(context.getBean(SpanProcessors.class).list()).singleElement()
					.isInstanceOf(DeferredKeepSpanProcessor.class);
				io.opentelemetry.api.trace.Tracer tracer = context.getBean(SdkTracerProvider.class).get("test");
				tracer.spanBuilder("fine").startSpan().end();
				Span failed = tracer.spanBuilder("failed").startSpan();
				failed.setStatus(StatusCode.ERROR);
				failed.end();
				assertThat(exporter.getFinishedSpanItems()).singleElement().satisfies((span) -> {
					assertThat(span.getName()).isEqualTo("failed");
					assertThat(span.getSpanContext().isSampled()).isTrue();
					assertThat(span.getAttributes().get(AttributeKey.stringKey("tracewire.sampling.kept")))
						.isEqualTo("error");
				});
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get(TraceOutcomeMeters.TRACES).tag("outcome", "kept-error").counter().count())
					.isEqualTo(1);
				assertThat(meters.get(TraceOutcomeMeters.TRACES).tag("outcome", "discarded").counter().count())
					.isEqualTo(1);
			});
	}

	@Test
	void signalsKeepAcrossServicesThroughTraceResponse() {
		this.runner.withPropertyValues("management.tracing.sampling.probability=0").run((context) -> {
			KeepSignals signals = context.getBean(KeepSignals.class);
			assertThat(signals).hasToString("KeepSignals{fromCallees=true, attached=true}");
			assertThat(context).hasSingleBean(TraceResponseClientObservationHandler.class);
			Tracer tracer = context.getBean(Tracer.class);
			io.micrometer.tracing.Span server = tracer.nextSpan().name("GET /charges").start();
			assertThat(signals.decidesLate(server)).isTrue();
			assertThat(signals.traceResponse(server, false)).endsWith("-02");
			assertThat(signals.traceResponse(server, true)).isEqualTo("00-" + server.context().traceId() + "-"
					+ server.context().spanId() + "-03");
			server.end();
			assertThat(signals.decidesLate(server)).as("decided").isFalse();
		});
	}

	@Test
	void callersKeepFromCalleesCanBeSwitchedOff() {
		this.runner.withPropertyValues("tracewire.sampling.keep.downstream=false")
			.run((context) -> assertThat(context.getBean(KeepSignals.class))
				.hasToString("KeepSignals{fromCallees=false, attached=true}"));
	}

	@Test
	void keptSpansAreCountedAsStartedAndEndedBehindTheRedactingView() {
		this.runner.withConfiguration(AutoConfigurations.of(RedactionAutoConfiguration.class, SpanLossAutoConfiguration.class))
			.withPropertyValues("management.tracing.sampling.probability=0")
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				io.opentelemetry.api.trace.Tracer tracer = context.getBean(SdkTracerProvider.class).get("test");
				Span failed = tracer.spanBuilder("failed").startSpan();
				tracer.spanBuilder("child").setParent(io.opentelemetry.context.Context.root().with(failed))
					.startSpan()
					.end();
				failed.setStatus(StatusCode.ERROR);
				failed.end();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get(SpanLossMeters.STARTED).counter().count()).isEqualTo(2);
				assertThat(meters.get(SpanLossMeters.ENDED).counter().count()).isEqualTo(2);
			});
	}

	@Test
	void keepCanBeSwitchedOff() {
		this.runner.withPropertyValues("tracewire.sampling.keep.enabled=false").run((context) -> {
			assertThat(context.getBean(Sampler.class).getDescription()).contains("recordUnsampled=false");
			assertThat(context.getBean(SpanProcessors.class).list())
				.noneMatch((processor) -> processor instanceof DeferredKeepSpanProcessor);
			assertThat(context).doesNotHaveBean(TraceOutcomeMeters.class);
			assertThat(context).doesNotHaveBean(KeepSignals.class);
			assertThat(context).doesNotHaveBean(TraceResponseClientObservationHandler.class);
		});
	}

	@Test
	void recordsNothingUnsampledWhenNothingWouldBeKept() {
		this.runner.withPropertyValues("tracewire.sampling.keep.errors=false", "tracewire.sampling.keep.slow-threshold=0")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription())
				.contains("recordUnsampled=false"));
	}

	@Test
	void failsAtStartupOnImpossibleKeepLimits() {
		this.runner.withPropertyValues("tracewire.sampling.keep.max-traces=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("must be at least 1"));
		this.runner.withPropertyValues("tracewire.sampling.keep.slow-threshold=-1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tracewire.sampling.keep.slow-threshold must not be negative"));
		this.runner.withPropertyValues("tracewire.sampling.keep.max-bytes=0B")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("The maximum bytes must be at least 1"));
	}

	@Test
	void bindsTheBytesHeld() {
		this.runner.withPropertyValues("management.tracing.sampling.probability=0", "tracewire.sampling.keep.max-bytes=1KB")
			.run((context) -> {
				DeferredKeepSpanProcessor processor = (DeferredKeepSpanProcessor) context.getBean(SpanProcessors.class)
					.list()
					.get(0);
				io.opentelemetry.api.trace.Tracer tracer = context.getBean(SdkTracerProvider.class).get("test");
				Span root = tracer.spanBuilder("root").startSpan();
				tracer.spanBuilder("long").setParent(io.opentelemetry.context.Context.root().with(root))
					.setAttribute("statement", "x".repeat(2_000))
					.startSpan()
					.end();
				assertThat(processor.heldSpans()).as("cut: over 1 KB").isZero();
				root.end();
			});
	}

	@Test
	void userOutcomesReplaceTheMeters() {
		DeferredKeepSpanProcessor.Outcomes own = DeferredKeepSpanProcessor.Outcomes.NONE;
		this.runner.withBean(SimpleMeterRegistry.class)
			.withBean(DeferredKeepSpanProcessor.Outcomes.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean(TraceOutcomeMeters.class)
				.getBean(DeferredKeepSpanProcessor.Outcomes.class)
				.isSameAs(own));
	}

	@Test
	void backsOffForUserSampler() {
		this.runner.withUserConfiguration(UserSamplerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Sampler.class);
			assertThat(context.getBean(Sampler.class)).isSameAs(UserSamplerConfiguration.SAMPLER);
		});
	}

	@Test
	void backsOffForUserHandler() {
		this.runner.withUserConfiguration(UserHandlerConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(DefaultTracingObservationHandler.class)
				.hasBean("userHandler"));
	}

	@Test
	void isOffByPropertyAndBootsSamplerReturns() {
		this.runner.withPropertyValues("tracewire.sampling.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TracewireSampler.class);
			assertThat(context.getBean(Sampler.class).getDescription()).contains("TraceIdRatioBased{0.100000}");
			assertThat(context.getBean(DefaultTracingObservationHandler.class))
				.isNotInstanceOf(SamplingHintTracingObservationHandler.class);
		});
	}

	@Test
	void isSkippedWithoutTheOpenTelemetrySdk() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SamplingAutoConfiguration.class, SamplingHintAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(Sampler.class, Tracer.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TracewireSampler.class);
				assertThat(context).doesNotHaveBean(DefaultTracingObservationHandler.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSamplerConfiguration {

		static final Sampler SAMPLER = Sampler.alwaysOff();

		@Bean
		Sampler userSampler() {
			return SAMPLER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserHandlerConfiguration {

		@Bean
		DefaultTracingObservationHandler userHandler(Tracer tracer) {
			return new DefaultTracingObservationHandler(tracer);
		}

	}

}
