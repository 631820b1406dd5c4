package dev.tracewire.http.server;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.StatusCode;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Gives a servlet (Spring MVC) server span the error status when the response is a server error (5xx) that no
 * exception explains: a handler returning {@code ResponseEntity.status(503)}, or an {@code @ExceptionHandler}
 * that turns an exception into a 500. OpenTelemetry's HTTP conventions call such a server span an error;
 * Micrometer marks one only when the observation saw an exception. The WebFlux starter has the same for reactive
 * servers.
 * <p>
 * Spring Boot registers observation handlers that belong to no group after its tracing handlers, and handlers
 * are stopped in reverse order, so this one sees the span before it ends.
 */
public final class ServletServerErrorSpanStatusHandler implements ObservationHandler<ServerRequestObservationContext> {

	@Override
	public void onStop(ServerRequestObservationContext context) {
		HttpServletResponse response = context.getResponse();
		if (context.getError() != null || response == null || response.getStatus() < 500
				|| response.getStatus() > 599) {
			return;
		}
		TracingContext tracingContext = context.get(TracingContext.class);
		Span span = (tracingContext != null) ? tracingContext.getSpan() : null;
		if (span instanceof OtelSpan) {
			OtelSpan.toOtel(span).setStatus(StatusCode.ERROR);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

}
