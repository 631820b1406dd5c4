package dev.tracewire.sampling.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.sampling.SamplingHintReceiverTracingObservationHandler;
import dev.tracewire.sampling.SamplingHintTracingObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Supplies Micrometer's tracing observation handlers in place of Boot's identical ones, with a sampling hint
 * added while each span starts (see {@code SamplingHint}); Boot's back off for them.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		before = MicrometerTracingAutoConfiguration.class)
// Sorted last, so that naming Boot's classes in "before"/"after" never pulls them ahead of classes they silently
// rely on.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("sampling")
@ConditionalOnClass({ Tracer.class, MicrometerTracingAutoConfiguration.class })
@ConditionalOnBean(Tracer.class)
public final class SamplingHintAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(DefaultTracingObservationHandler.class)
	@Order(MicrometerTracingAutoConfiguration.DEFAULT_TRACING_OBSERVATION_HANDLER_ORDER)
	SamplingHintTracingObservationHandler defaultTracingObservationHandler(Tracer tracer) {
		return new SamplingHintTracingObservationHandler(tracer);
	}

	@Bean
	@ConditionalOnMissingBean(PropagatingReceiverTracingObservationHandler.class)
	@ConditionalOnBean(Propagator.class)
	@Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER)
	SamplingHintReceiverTracingObservationHandler<?> propagatingReceiverTracingObservationHandler(Tracer tracer,
			Propagator propagator) {
		return new SamplingHintReceiverTracingObservationHandler<>(tracer, propagator);
	}

}
