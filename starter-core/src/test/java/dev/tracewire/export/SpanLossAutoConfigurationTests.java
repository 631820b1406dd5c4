package dev.tracewire.export;

import dev.tracewire.export.autoconfigure.SpanLossAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SpanLossAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SpanLossAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withBean("inMemoryExporter", SpanExporter.class, InMemorySpanExporter::create);

	@Test
	void wrapsEveryExporterAndSuppliesMetersProcessorAndMeterProvider() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SpanLossMeters.class)
				.hasSingleBean(SpanLossSpanProcessor.class)
				.hasSingleBean(QueueDropsMeterProvider.class)
				.hasSingleBean(SpanExporters.class);
			assertThat(context.getBean(SpanExporters.class).list()).singleElement()
				.isInstanceOf(CountingSpanExporter.class);
		});
	}

	@Test
	void leavesTheApplicationsMeterProviderAlone() {
		this.runner.withBean("appMeterProvider", MeterProvider.class, MeterProvider::noop).run((context) -> {
			assertThat(context).doesNotHaveBean(QueueDropsMeterProvider.class);
			assertThat(context).hasSingleBean(SpanLossMeters.class);
		});
	}

	@Test
	void backsOffForUserExporters() {
		this.runner.withUserConfiguration(UserExportersConfiguration.class)
			.run((context) -> assertThat(context.getBean(SpanExporters.class))
				.isSameAs(UserExportersConfiguration.EXPORTERS));
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("tracewire.span-loss.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SpanLossMeters.class);
			assertThat(context.getBean(SpanExporters.class).list()).singleElement()
				.isInstanceOf(InMemorySpanExporter.class);
		});
	}

	@Test
	void isSkippedWithoutMicrometerMetrics() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SpanLossMeters.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserExportersConfiguration {

		static final SpanExporters EXPORTERS = SpanExporters.of();

		@Bean
		SpanExporters userExporters() {
			return EXPORTERS;
		}

	}

}
