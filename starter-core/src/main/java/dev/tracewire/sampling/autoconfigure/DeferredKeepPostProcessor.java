package dev.tracewire.sampling.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tracewire.sampling.DeferredKeepSpanProcessor;
import dev.tracewire.sampling.KeepSignals;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;

/**
 * Wraps the span processors Boot hands its tracer provider, whoever made the {@link SpanProcessors} bean (Tracewire's
 * redaction, the application, or Boot), in one {@link DeferredKeepSpanProcessor}.
 */
final class DeferredKeepPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<SamplingProperties> properties;

	private final ObjectProvider<DeferredKeepSpanProcessor.Outcomes> outcomes;

	private final ObjectProvider<KeepSignals> signals;

	DeferredKeepPostProcessor(ObjectProvider<SamplingProperties> properties,
			ObjectProvider<DeferredKeepSpanProcessor.Outcomes> outcomes, ObjectProvider<KeepSignals> signals) {
		this.properties = properties;
		this.outcomes = outcomes;
		this.signals = signals;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof SpanProcessors processors)) {
			return bean;
		}
		List<SpanProcessor> all = new ArrayList<>(processors.list());
		if (all.size() == 1 && all.get(0) instanceof DeferredKeepSpanProcessor) {
			return bean;
		}
		SamplingProperties.Keep keep = this.properties.getObject().getKeep();
		Duration slow = keep.getSlowThreshold();
		if (slow.isNegative()) {
			throw new IllegalStateException("tracewire.sampling.keep.slow-threshold must not be negative, but was "
					+ slow + " (0 keeps no trace for being slow)");
		}
		DeferredKeepSpanProcessor.Builder builder = DeferredKeepSpanProcessor.builder()
			.keepErrors(keep.isErrors())
			.slowThreshold(slow.isZero() ? null : slow)
			.outcomes(this.outcomes.getIfAvailable(() -> DeferredKeepSpanProcessor.Outcomes.NONE));
		try {
			builder.limits(keep.getMaxSpansPerTrace(), keep.getMaxTraces(), keep.getMaxSpans(), keep.getMaxAge())
				.maxBytes(keep.getMaxBytes().toBytes())
				.keptPerSecond(keep.getTracesPerSecond());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid tracewire.sampling.keep.* settings: " + ex.getMessage(), ex);
		}
		DeferredKeepSpanProcessor processor = builder.build(SpanProcessor.composite(all));
		this.signals.ifAvailable((signals) -> signals.attach(processor));
		return SpanProcessors.of(List.of(processor));
	}

}
