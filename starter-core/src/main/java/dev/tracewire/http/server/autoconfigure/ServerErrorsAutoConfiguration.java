package dev.tracewire.http.server.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.http.server.ServletServerErrorSpanStatusHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Marks servlet server spans of 5xx responses as errors, also when no exception escaped the handler.
 */
@AutoConfiguration
// Sorted last, like all our auto-configurations (see TraceResponseAutoConfiguration).
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("server-errors")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HttpServletResponse.class, ServerRequestObservationContext.class, OtelSpan.class })
public final class ServerErrorsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServletServerErrorSpanStatusHandler servletServerErrorSpanStatusHandler() {
		return new ServletServerErrorSpanStatusHandler();
	}

}
