package dev.tracewire.test;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that captures every finished span in a {@link TestSpans} bean.
 *
 * <p>Boot's {@link OpenTelemetryTracingAutoConfiguration} adds every {@code SpanProcessor} bean to its
 * {@link SdkTracerProvider}; this configuration contributes a {@link SimpleSpanProcessor} that exports each span
 * to {@link TestSpans} on the thread that ends it. The in-memory exporter is deliberately not a
 * {@code SpanExporter} bean: Boot would also hand it to its batch processor and every span would arrive twice,
 * late.
 *
 * <p>Imported by {@link TracewireTest @TracewireTest}; with an {@code ApplicationContextRunner}, list it next to
 * Boot's tracing auto-configurations.
 */
@AutoConfiguration(before = OpenTelemetryTracingAutoConfiguration.class)
public final class TracewireTestAutoConfiguration {

	static final String SPAN_PROCESSOR_BEAN_NAME = "tracewireTestSpanProcessor";

	TracewireTestAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TestSpans tracewireTestSpans(ObjectProvider<SdkTracerProvider> tracerProvider) {
		return new TestSpans(tracerProvider::getIfAvailable);
	}

	// Matched by name: a user's own SpanProcessor beans (for other purposes) must not switch the capture off.
	@Bean(SPAN_PROCESSOR_BEAN_NAME)
	@ConditionalOnMissingBean(name = SPAN_PROCESSOR_BEAN_NAME)
	SimpleSpanProcessor tracewireTestSpanProcessor(TestSpans testSpans) {
		return SimpleSpanProcessor.builder(testSpans.exporter()).build();
	}

}
