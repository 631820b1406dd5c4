package dev.tracewire.export.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.export.CountingSpanExporter;
import dev.tracewire.export.QueueDropsMeterProvider;
import dev.tracewire.export.SpanLossMeters;
import dev.tracewire.export.SpanLossSpanProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Makes span loss visible in Micrometer: spans started and ended, spans each exporter accepted, and spans dropped
 * because the export queue was full or the exporter failed. Runs before Boot's OpenTelemetry tracing, which
 * takes our {@link SpanExporters} (each exporter wrapped to be counted) and, when the application has no
 * OpenTelemetry {@link MeterProvider}, ours for the batch processor's drop count.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
// Sorted last, so that naming Boot's classes in "before"/"after" never pulls them ahead of classes they silently
// rely on.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("span-loss")
@ConditionalOnClass({ MeterRegistry.class, SpanExporter.class, SpanExporters.class })
public final class SpanLossAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SpanLossMeters spanLossMeters(ObjectProvider<MeterRegistry> meterRegistry) {
		return new SpanLossMeters(meterRegistry::getIfUnique);
	}

	@Bean
	@ConditionalOnMissingBean
	SpanLossSpanProcessor spanLossSpanProcessor(SpanLossMeters meters) {
		return new SpanLossSpanProcessor(meters);
	}

	@Bean
	@ConditionalOnMissingBean
	SpanExporters spanExporters(ObjectProvider<SpanExporter> spanExporters, SpanLossMeters meters) {
		return SpanExporters.of(spanExporters.orderedStream()
			.map((exporter) -> (SpanExporter) new CountingSpanExporter(exporter, meters))
			.toList());
	}

	@Bean
	@ConditionalOnMissingBean(MeterProvider.class)
	QueueDropsMeterProvider queueDropsMeterProvider(SpanLossMeters meters) {
		return new QueueDropsMeterProvider(meters);
	}

}
