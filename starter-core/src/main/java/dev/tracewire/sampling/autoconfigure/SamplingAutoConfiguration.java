package dev.tracewire.sampling.autoconfigure;

import java.util.List;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.http.client.TraceResponseClientObservationHandler;
import dev.tracewire.sampling.DeferredKeepSpanProcessor;
import dev.tracewire.sampling.KeepSignals;
import dev.tracewire.sampling.SamplingRule;
import dev.tracewire.sampling.TraceOutcomeMeters;
import dev.tracewire.sampling.TracewireSampler;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Replaces Spring Boot's sampler (one trace in ten by default) with {@link TracewireSampler}. Runs before Boot's
 * OpenTelemetry tracing, which backs off for our {@link Sampler} bean; a user's {@link Sampler} bean replaces both.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
// Sorted last, so that naming Boot's classes in "before"/"after" never pulls them ahead of classes they silently
// rely on.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("sampling")
@ConditionalOnClass(Sampler.class)
@EnableConfigurationProperties(SamplingProperties.class)
public final class SamplingAutoConfiguration {

	private static final String BOOT_PROBABILITY_KEY = "management.tracing.sampling.probability";

	@Bean
	@ConditionalOnMissingBean(Sampler.class)
	TracewireSampler tracewireSampler(SamplingProperties properties, Environment environment) {
		Double probability = properties.getProbability();
		if (probability == null) {
			probability = environment.getProperty(BOOT_PROBABILITY_KEY, Double.class, 1.0);
		}
		List<SamplingRule> rules = properties.getRules()
			.stream()
			.map((rule) -> new SamplingRule(rule.getMethod(), rule.getPath(), rule.getObservation(),
					rule.getProbability()))
			.toList();
		SamplingProperties.RateLimit rateLimit = properties.getRateLimit();
		return TracewireSampler.builder()
			.probability(probability)
			.skipPaths(properties.getSkipPaths())
			.rules(rules)
			.rateLimit(rateLimit.isEnabled() ? rateLimit.getTracesPerSecond() : 0)
			.trustBoundary(properties.isTrustBoundary())
			.recordUnsampled(keepsAny(properties.getKeep()))
			.build();
	}

	// Recording what is not sampled is only worth it when some trace can be kept.
	static boolean keepsAny(SamplingProperties.Keep keep) {
		return keep.isEnabled() && (keep.isErrors() || !(keep.getSlowThreshold().isZero() || keep.getSlowThreshold().isNegative()));
	}

	/**
	 * Deferred keep: every span processor Boot hands its tracer provider is wrapped, so that the traces that were
	 * not sampled but fail or are slow reach them (see {@link DeferredKeepSpanProcessor}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SpanProcessors.class)
	@ConditionalOnBooleanProperty(name = SamplingProperties.PREFIX + ".keep.enabled", matchIfMissing = true)
	static class DeferredKeepConfiguration {

		@Bean
		static DeferredKeepPostProcessor tracewireDeferredKeepPostProcessor(
				ObjectProvider<SamplingProperties> properties, ObjectProvider<DeferredKeepSpanProcessor.Outcomes> outcomes,
				ObjectProvider<KeepSignals> signals) {
			return new DeferredKeepPostProcessor(properties, outcomes, signals);
		}

		@Bean
		@ConditionalOnMissingBean
		KeepSignals tracewireKeepSignals(SamplingProperties properties,
				ObjectProvider<DeferredKeepSpanProcessor.Outcomes> outcomes) {
			return new KeepSignals(properties.getKeep().isDownstream(),
					outcomes.getIfAvailable(() -> DeferredKeepSpanProcessor.Outcomes.NONE));
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.springframework.http.client.observation.ClientRequestObservationContext")
		static class TraceResponseClientConfiguration {

			// RestTemplate and RestClient: a callee's keep keeps this service's part of the trace.
			@Bean
			@ConditionalOnMissingBean
			TraceResponseClientObservationHandler tracewireTraceResponseClientObservationHandler(
					KeepSignals keepSignals) {
				return new TraceResponseClientObservationHandler(keepSignals);
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(MeterRegistry.class)
		static class TraceOutcomeMetersConfiguration {

			@Bean
			@ConditionalOnMissingBean(DeferredKeepSpanProcessor.Outcomes.class)
			TraceOutcomeMeters traceOutcomeMeters(ObjectProvider<MeterRegistry> meterRegistry) {
				return new TraceOutcomeMeters(meterRegistry::getIfUnique);
			}

		}

	}

}
