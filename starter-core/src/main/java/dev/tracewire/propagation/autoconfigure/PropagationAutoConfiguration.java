package dev.tracewire.propagation.autoconfigure;

import java.util.List;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.propagation.HardenedTextMapPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Hardens the propagators Spring Boot configures ({@code management.tracing.propagation.*}) with
 * {@link HardenedTextMapPropagator}: Boot still decides which formats are read and written; Tracewire makes
 * reading them safe. Runs before Boot's OpenTelemetry tracing, which backs off for our {@link ContextPropagators}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
// Sorted last, so that naming Boot's classes in "before"/"after" never pulls them ahead of classes they silently
// rely on.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("propagation")
@ConditionalOnClass({ ContextPropagators.class, TextMapPropagator.class })
public final class PropagationAutoConfiguration {

	private static final String LOCAL_FIELDS_KEY = "management.tracing.baggage.local-fields";

	@Bean
	@ConditionalOnMissingBean
	ContextPropagators otelContextPropagators(ObjectProvider<TextMapPropagator> textMapPropagators,
			Environment environment) {
		List<String> localFields = Binder.get(environment)
			.bind(LOCAL_FIELDS_KEY, Bindable.listOf(String.class))
			.orElse(List.of());
		TextMapPropagator boots = TextMapPropagator.composite(textMapPropagators.orderedStream().toList());
		return ContextPropagators.create(new HardenedTextMapPropagator(boots, localFields));
	}

}
