package dev.tracewire.http.server.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.http.server.TraceResponseFilter;
import dev.tracewire.sampling.KeepSignals;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives servlet (Spring MVC) applications the W3C {@code traceresponse} header, so they need no WebFlux for it.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration" })
// Sorted last, so that naming Boot's classes in "after" never pulls them ahead of classes they silently rely on.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("trace-response")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class, FilterRegistrationBean.class, Tracer.class })
@ConditionalOnBean(Tracer.class)
public final class TraceResponseAutoConfiguration {

	// Just inside Spring's ServerHttpObservationFilter (HIGHEST_PRECEDENCE + 1), where the server span is current.
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

	@Bean
	@ConditionalOnMissingFilterBean(TraceResponseFilter.class)
	FilterRegistrationBean<TraceResponseFilter> traceResponseFilter(Tracer tracer,
			ObjectProvider<KeepSignals> keepSignals) {
		FilterRegistrationBean<TraceResponseFilter> registration = new FilterRegistrationBean<>(
				new TraceResponseFilter(tracer, keepSignals.getIfAvailable()));
		registration.setOrder(ORDER);
		return registration;
	}

}
