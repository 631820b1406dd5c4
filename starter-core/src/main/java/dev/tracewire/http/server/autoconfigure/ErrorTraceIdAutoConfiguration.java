package dev.tracewire.http.server.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.http.server.ServletTraceIdErrorAttributes;
import dev.tracewire.http.server.ServletTraceIdProblemDetailsExceptionHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Puts the trace id into Boot's error attributes of a Spring MVC application (see
 * {@link ServletTraceIdErrorAttributes}), and into the problem details of Spring MVC's exceptions when they are on;
 * Boot's own beans back off for ours, an application's own {@link ErrorAttributes} or exception handler replaces both.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
		"org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration" })
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

	/**
	 * With problem details on, Spring MVC's exceptions become problem details with the trace id; Boot's handler backs
	 * off for it, an application's own {@link ResponseEntityExceptionHandler} replaces both.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ResponseEntityExceptionHandler.class)
	@ConditionalOnBooleanProperty("spring.mvc.problemdetails.enabled")
	static class ProblemDetailsConfiguration {

		@Bean
		@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
		ServletTraceIdProblemDetailsExceptionHandler problemDetailsExceptionHandler() {
			return new ServletTraceIdProblemDetailsExceptionHandler();
		}

	}

}
