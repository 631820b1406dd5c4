package dev.tracewire.propagation;

import java.util.HashMap;
import java.util.Map;

import dev.tracewire.propagation.autoconfigure.PropagationAutoConfiguration;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class PropagationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PropagationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class));

	@Test
	void wrapsBootsPropagators() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ContextPropagators.class);
			assertThat(context.getBean(ContextPropagators.class).getTextMapPropagator())
				.isInstanceOf(HardenedTextMapPropagator.class);
			assertThat(context.getBean(ContextPropagators.class).getTextMapPropagator().fields())
				.contains("traceparent", "tracestate");
		});
	}

	@Test
	void keepsLocalBaggageFieldsLocal() {
		this.runner.withPropertyValues("management.tracing.baggage.local-fields=secretField")
			.withBean(TextMapPropagator.class, W3CBaggagePropagator::getInstance)
			.run((context) -> {
				Context withBaggage = Context.root()
					.with(Baggage.builder().put("secretField", "s3cr3t").put("region", "eu").build());
				Map<String, String> headers = new HashMap<>();
				context.getBean(ContextPropagators.class)
					.getTextMapPropagator()
					.inject(withBaggage, headers, Map::put);
				assertThat(headers.get("baggage")).contains("region=eu").doesNotContain("secretField", "s3cr3t");
			});
	}

	@Test
	void backsOffForUserPropagators() {
		this.runner.withUserConfiguration(UserPropagatorsConfiguration.class)
			.run((context) -> assertThat(context.getBean(ContextPropagators.class))
				.isSameAs(UserPropagatorsConfiguration.PROPAGATORS));
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("tracewire.propagation.enabled=false")
			.run((context) -> assertThat(context.getBean(ContextPropagators.class).getTextMapPropagator())
				.isNotInstanceOf(HardenedTextMapPropagator.class));
	}

	@Test
	void isSkippedWithoutOpenTelemetry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PropagationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ContextPropagators.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ContextPropagators.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserPropagatorsConfiguration {

		static final ContextPropagators PROPAGATORS = ContextPropagators.noop();

		@Bean
		ContextPropagators userPropagators() {
			return PROPAGATORS;
		}

	}

}
