package dev.tracewire.redaction.autoconfigure;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.redaction.CapturedHeadersObservationFilter;
import dev.tracewire.redaction.RedactingMeterFilter;
import dev.tracewire.redaction.RedactingObservationFilter;
import dev.tracewire.redaction.RedactingSpanProcessor;
import dev.tracewire.redaction.Redactor;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationFilter;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Masks secrets in every span and metric tag: an {@link ObservationFilter} for what Spring and Boot instrument
 * (spans and metrics alike), a {@link MeterFilter} for meters registered before an observation stops, and a span
 * processor for attributes that user code sets on spans directly.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
// Sorted last, so that naming Boot's classes in "after" never pulls them ahead of classes they silently rely on.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("redaction")
@ConditionalOnClass(ObservationFilter.class)
@EnableConfigurationProperties(RedactionProperties.class)
public final class RedactionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Redactor tracewireRedactor(RedactionProperties properties) {
		return new Redactor(new HashSet<>(properties.getSensitiveQueryParameters()),
				new HashSet<>(properties.getSensitiveKeys()), compile(properties.getPatterns()));
	}

	private static List<Pattern> compile(List<String> patterns) {
		return patterns.stream().map((pattern) -> {
			try {
				return Pattern.compile(pattern);
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalArgumentException(
						"Invalid pattern in tracewire.redaction.patterns: " + ex.getDescription() + " in " + pattern, ex);
			}
		}).toList();
	}

	@Bean
	@ConditionalOnMissingBean
	RedactingObservationFilter redactingObservationFilter(Redactor redactor) {
		return new RedactingObservationFilter(redactor);
	}

	@Bean
	@ConditionalOnMissingBean
	CapturedHeadersObservationFilter capturedHeadersObservationFilter(RedactionProperties properties,
			Redactor redactor) {
		return new CapturedHeadersObservationFilter(properties.getCapturedRequestHeaders(),
				properties.getCapturedResponseHeaders(), redactor);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterFilter.class)
	static class MeterRedactionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RedactingMeterFilter redactingMeterFilter(Redactor redactor) {
			return new RedactingMeterFilter(redactor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ExtendedSpanProcessor.class)
	static class SpanRedactionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RedactingSpanProcessor redactingSpanProcessor(Redactor redactor) {
			return new RedactingSpanProcessor(redactor);
		}

	}

}
