package dev.tracewire.actuate.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tracewire.actuate.TracewireEndpoint;
import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.redaction.autoconfigure.RedactionProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The {@code tracewire} actuator endpoint, when Spring Boot's actuator is on the classpath and the endpoint is
 * available (exposed and enabled).
 */
@AutoConfiguration
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("endpoint")
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class, MeterRegistry.class, Sampler.class,
		SpanExporters.class })
@ConditionalOnAvailableEndpoint(TracewireEndpoint.class)
public final class TracewireEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TracewireEndpoint tracewireEndpoint(ObjectProvider<Sampler> sampler,
			ObjectProvider<RedactionProperties> redaction, ObjectProvider<ContextPropagators> propagators,
			ObjectProvider<SpanExporters> exporters, ObjectProvider<MeterRegistry> meterRegistry) {
		return new TracewireEndpoint(() -> describe(sampler.getIfUnique()),
				() -> describeRedaction(redaction.getIfUnique()),
				() -> describe(propagators.getIfUnique((ContextPropagators::noop)).getTextMapPropagator()),
				() -> exporters.stream()
					.flatMap((all) -> all.list().stream())
					.map(Object::toString)
					.toList(),
				meterRegistry::getIfUnique);
	}

	private static String describe(Object object) {
		if (object == null) {
			return null;
		}
		return (object instanceof Sampler sampler) ? sampler.getDescription() : object.toString();
	}

	private static Map<String, Object> describeRedaction(RedactionProperties properties) {
		if (properties == null) {
			return null;
		}
		Map<String, Object> redaction = new LinkedHashMap<>();
		redaction.put("enabled", true);
		redaction.put("sensitiveQueryParameters", properties.getSensitiveQueryParameters());
		redaction.put("sensitiveKeys", properties.getSensitiveKeys());
		// The patterns themselves may describe what they hide: report how many there are.
		redaction.put("patterns", properties.getPatterns().size());
		redaction.put("capturedRequestHeaders", properties.getCapturedRequestHeaders());
		redaction.put("capturedResponseHeaders", properties.getCapturedResponseHeaders());
		redaction.put("alwaysMasked", List.of("URL user-info", "bearer tokens", "card numbers (Luhn)"));
		return redaction;
	}

}
