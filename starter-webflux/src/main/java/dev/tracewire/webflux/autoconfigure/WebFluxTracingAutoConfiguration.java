package dev.tracewire.webflux.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.context.LostContextRecorder;
import dev.tracewire.sampling.KeepSignals;
import dev.tracewire.webflux.LostContextWebFilter;
import dev.tracewire.webflux.ServerErrorSpanStatusHandler;
import dev.tracewire.webflux.TraceIdErrorAttributes;
import dev.tracewire.webflux.TraceIdProblemDetailsExceptionHandler;
import dev.tracewire.webflux.TraceResponseWebFilter;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import reactor.core.publisher.Hooks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.error.DefaultErrorAttributes;
import org.springframework.boot.webflux.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Adds to the server spans Spring Framework records for WebFlux: the {@code traceresponse} header, the error
 * status for 5xx responses, the trace id in Boot's error attributes, and context-loss diagnostics for the reactive
 * work of each traced request.
 * <p>
 * Server spans themselves (named by route template, with status and exception) are Spring's and Boot's; this
 * configuration contributes beans they already collect and a web filter, so it needs no place in Boot's order.
 */
@AutoConfiguration(beforeName = { "org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration",
		"org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration" })
@ConditionalOnTracewireEnabled("webflux")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ ServerRequestObservationContext.class, TracingObservationHandler.class, OtelSpan.class })
@EnableConfigurationProperties(WebFluxTracingProperties.class)
// Sorted last, so that our auto-configurations never change the order of Boot's.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public final class WebFluxTracingAutoConfiguration {

	// One switch for servlet and reactive applications alike: tracewire.trace-response.enabled.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnTracewireEnabled("trace-response")
	TraceResponseWebFilter traceResponseWebFilter(ObjectProvider<KeepSignals> keepSignals) {
		return new TraceResponseWebFilter(keepSignals.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = WebFluxTracingProperties.PREFIX + ".server-errors.enabled",
			matchIfMissing = true)
	ServerErrorSpanStatusHandler serverErrorSpanStatusHandler() {
		return new ServerErrorSpanStatusHandler();
	}

	/**
	 * The trace id in Boot's error attributes (see {@link TraceIdErrorAttributes}) and, when they are on, in the
	 * problem details of WebFlux's exceptions; Boot's own beans back off for ours, an application's own
	 * {@link ErrorAttributes} or exception handler replaces both.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnTracewireEnabled("error-trace-id")
	@ConditionalOnClass(DefaultErrorAttributes.class)
	static class ErrorTraceIdConfiguration {

		@Bean
		@ConditionalOnMissingBean(ErrorAttributes.class)
		TraceIdErrorAttributes errorAttributes() {
			return new TraceIdErrorAttributes();
		}

		// With problem details on, WebFlux's exceptions become problem details with the trace id.
		@Bean
		@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
		@ConditionalOnBooleanProperty("spring.webflux.problemdetails.enabled")
		TraceIdProblemDetailsExceptionHandler problemDetailsExceptionHandler() {
			return new TraceIdProblemDetailsExceptionHandler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnTracewireEnabled("context")
	@ConditionalOnClass(Hooks.class)
	@ConditionalOnBooleanProperty(name = WebFluxTracingProperties.PREFIX + ".lost-context.enabled",
			matchIfMissing = true)
	static class LostContextConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LostContextWebFilter lostContextWebFilter(ObjectProvider<LostContextRecorder> recorder) {
			return new LostContextWebFilter(() -> recorder.getIfAvailable(LostContextRecorder::noop));
		}

	}

}
