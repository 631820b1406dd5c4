package dev.tracewire.webflux;

import dev.tracewire.http.server.ServerSpanStatus;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Gives a WebFlux server span the error status when the response is a server error (5xx) that no exception
 * explains, for example a handler that returns {@code ResponseEntity.status(503)} or an
 * {@code @ExceptionHandler} that turns an exception into a 500. OpenTelemetry's HTTP conventions call such a
 * server span an error; Micrometer marks a span as an error only when the observation saw an exception.
 * <p>
 * Spring Boot registers observation handlers that belong to no group after its tracing handlers, and handlers
 * are stopped in reverse order, so this one sees the span before it ends.
 */
public final class ServerErrorSpanStatusHandler implements ObservationHandler<ServerRequestObservationContext> {

	@Override
	public void onStop(ServerRequestObservationContext context) {
		if (context.isConnectionAborted()) {
			return;
		}
		ServerHttpResponse response = context.getResponse();
		HttpStatusCode status = (response != null) ? response.getStatusCode() : null;
		ServerSpanStatus.markServerError(context, (status != null) ? status.value() : null);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ServerRequestObservationContext;
	}

}
