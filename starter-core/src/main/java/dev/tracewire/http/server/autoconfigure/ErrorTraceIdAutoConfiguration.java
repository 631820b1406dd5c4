package dev.tracewire.http.server.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.http.server.ServletTraceIdErrorAttributes;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Puts the trace id into Boot's error attributes of a Spring MVC application (see
 * {@link ServletTraceIdErrorAttributes}); Boot's own error attributes back off for them, an application's own
 * {@link ErrorAttributes} bean replaces both.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
// Sorted last, like all our auto-configurations (see TraceResponseAutoConfiguration).
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("error-trace-id")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DefaultErrorAttributes.class, ServerHttpObservationFilter.class, TracingObservationHandler.class })
public final class ErrorTraceIdAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ErrorAttributes.class)
	ServletTraceIdErrorAttributes errorAttributes() {
		return new ServletTraceIdErrorAttributes();
	}

}
