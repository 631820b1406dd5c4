package dev.tracewire.redaction.autoconfigure;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.redaction.CapturedHeadersObservationFilter;
import dev.tracewire.redaction.ExceptionRedactor;
import dev.tracewire.redaction.ExportRedactingSpanProcessor;
import dev.tracewire.redaction.RedactingExceptionAttributeResolver;
import dev.tracewire.redaction.RedactingMeterFilter;
import dev.tracewire.redaction.RedactingObservationFilter;
import dev.tracewire.redaction.RedactingSpanProcessor;
import dev.tracewire.redaction.Redactor;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationFilter;
import io.opentelemetry.sdk.common.internal.ExceptionAttributeResolver;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import io.opentelemetry.sdk.trace.internal.SdkTracerProviderUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.boot.opentelemetry.autoconfigure.ConditionalOnEnabledOpenTelemetry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Masks secrets in every span and metric tag: an {@link ObservationFilter} for what Spring and Boot instrument
 * (spans and metrics alike), a {@link MeterFilter} for meters registered before an observation stops, the
 * OpenTelemetry SDK's exception attribute resolver for exception events, and a wrapper around every span processor
 * that receives ended spans, for attributes that user code sets on spans directly, the error status description
 * and the attributes of other events (a {@link RedactingSpanProcessor} bean does the same as spans end, for
 * applications that assemble their own {@code SpanProcessors}).
 */
// Before Boot's OpenTelemetry tracing, whose SpanProcessors bean backs off for ours.
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		beforeName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
// Sorted last, so that naming Boot's classes in "before"/"after" never pulls them ahead of classes they silently
// rely on.
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

	/**
	 * The property whose value {@code tracewire.redaction.include-database-error-messages} defaults to: an
	 * application that asks for driver messages on its JDBC spans wants them on its other spans too.
	 */
	static final String JDBC_INCLUDE_ERROR_MESSAGES = "tracewire.jdbc.include-error-messages";

	@Bean
	@ConditionalOnMissingBean
	ExceptionRedactor tracewireExceptionRedactor(Redactor redactor, RedactionProperties properties,
			Environment environment) {
		Boolean include = properties.getIncludeDatabaseErrorMessages();
		return new ExceptionRedactor(redactor, (include != null) ? include
				: environment.getProperty(JDBC_INCLUDE_ERROR_MESSAGES, Boolean.class, false));
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
		RedactingSpanProcessor redactingSpanProcessor(Redactor redactor, ExceptionRedactor exceptions) {
			return new RedactingSpanProcessor(redactor, exceptions);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ExtendedSpanProcessor.class, SpanProcessors.class })
	static class ExportRedactionConfiguration {

		// Boot hands these to its tracer provider: every processor bean, each that receives ended spans wrapped.
		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnEnabledOpenTelemetry
		SpanProcessors spanProcessors(ObjectProvider<SpanProcessor> spanProcessors, Redactor redactor,
				ExceptionRedactor exceptions) {
			return SpanProcessors
				.of(ExportRedactingSpanProcessor.wrapAll(spanProcessors.orderedStream().toList(), redactor, exceptions));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ SdkTracerProviderBuilderCustomizer.class, SdkTracerProviderUtil.class,
			ExceptionAttributeResolver.class })
	static class ExceptionEventRedactionConfiguration {

		private static final Log logger = LogFactory.getLog(ExceptionEventRedactionConfiguration.class);

		@Bean
		@ConditionalOnMissingBean
		ExceptionAttributeResolver tracewireExceptionAttributeResolver(ExceptionRedactor exceptions) {
			return new RedactingExceptionAttributeResolver(exceptions);
		}

		@Bean
		SdkTracerProviderBuilderCustomizer tracewireExceptionAttributeResolverCustomizer(
				ObjectProvider<ExceptionAttributeResolver> resolver) {
			return (builder) -> resolver.ifUnique((unique) -> {
				try {
					SdkTracerProviderUtil.setExceptionAttributeResolver(builder, unique);
				}
				catch (IllegalStateException ex) {
					// The hook is internal to the OpenTelemetry SDK: a version without it must not stop the
					// application, but the loss has to be visible.
					logger.warn("Exception messages in span events will not be redacted: this OpenTelemetry SDK "
							+ "does not accept an exception attribute resolver", ex);
				}
			});
		}

	}

}
