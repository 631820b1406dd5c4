package dev.tracewire.test;

import java.util.stream.IntStream;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TracewireTestAutoConfiguration} next to Boot's own tracing auto-configurations.
 */
class TracewireTestAutoConfigurationTests {

	private final ApplicationContextRunner defaultSampling = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, TracewireTestAutoConfiguration.class));

	private final ApplicationContextRunner runner = this.defaultSampling
		.withPropertyValues("management.tracing.sampling.probability=1.0");

	@Test
	void capturesEverySpanExactlyOnce() {
		this.runner.run((context) -> {
			observe(context, "runner.work");

			assertThat(TestSpans.from(context)).hasSize(1).span("runner.work").isRoot();
			assertThat(context).doesNotHaveBean(SpanExporter.class);
		});
	}

	@Test
	void backsOffForAUserTestSpansAndCapturesIntoIt() {
		this.runner.withUserConfiguration(UserTestSpansConfiguration.class).run((context) -> {
			observe(context, "runner.work");

			assertThat(context).getBean(TestSpans.class).isSameAs(context.getBean("userTestSpans"));
			assertThat(TestSpans.from(context)).hasSize(1);
		});
	}

	@Test
	void keepsCapturingNextToTheUsersOwnSpanProcessors() {
		this.runner.withUserConfiguration(UserSpanProcessorConfiguration.class).run((context) -> {
			observe(context, "runner.work");

			assertThat(context).hasBean(TracewireTestAutoConfiguration.SPAN_PROCESSOR_BEAN_NAME);
			assertThat(TestSpans.from(context)).hasSize(1);
			assertThat(context.getBean(UserSpanProcessorConfiguration.class).exporter.getFinishedSpanItems()).hasSize(1);
		});
	}

	@Test
	void backsOffForAUserProcessorWithTheSameName() {
		this.runner.withUserConfiguration(ReplacedSpanProcessorConfiguration.class).run((context) -> {
			observe(context, "runner.work");

			assertThat(context.getBean(TracewireTestAutoConfiguration.SPAN_PROCESSOR_BEAN_NAME))
				.isSameAs(context.getBean(ReplacedSpanProcessorConfiguration.class).processor);
			assertThat(TestSpans.from(context)).hasSize(0);
		});
	}

	@Test
	void capturesEveryTraceWhenSamplingIsOne() {
		this.runner.run((context) -> {
			IntStream.range(0, 20).forEach((i) -> observe(context, "root-" + i));

			assertThat(TestSpans.from(context)).hasTraceCount(20);
		});
	}

	@Test
	void losesMostTracesWithBootsDefaultSampling() {
		// Why @TracewireTest sets the probability: at Boot's 0.1, keeping all 20 has a chance of 1e-20.
		this.defaultSampling.run((context) -> {
			IntStream.range(0, 20).forEach((i) -> observe(context, "root-" + i));

			assertThat(TestSpans.from(context).finished().size()).isLessThan(20);
		});
	}

	private static void observe(AssertableApplicationContext context, String name) {
		Observation.createNotStarted(name, context.getBean(ObservationRegistry.class)).observe(() -> {
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTestSpansConfiguration {

		@Bean
		TestSpans userTestSpans() {
			return new TestSpans(() -> null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserSpanProcessorConfiguration {

		final InMemorySpanExporter exporter = InMemorySpanExporter.create();

		@Bean
		SpanProcessor userSpanProcessor() {
			return SimpleSpanProcessor.create(this.exporter);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReplacedSpanProcessorConfiguration {

		final SpanProcessor processor = SpanProcessor.composite();

		@Bean(TracewireTestAutoConfiguration.SPAN_PROCESSOR_BEAN_NAME)
		SpanProcessor tracewireTestSpanProcessor() {
			return this.processor;
		}

	}

}
