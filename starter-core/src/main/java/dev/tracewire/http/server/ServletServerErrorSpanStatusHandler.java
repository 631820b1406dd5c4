package dev.tracewire.http.server;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
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
		ServerSpanStatus.markServerError(context, (response != null) ? response.getStatus() : null);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

}
