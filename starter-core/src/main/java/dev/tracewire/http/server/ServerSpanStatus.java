package dev.tracewire.http.server;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * Sets the error status on the span of a server observation whose response was a server error (5xx) that no
 * exception explains, for the servlet and WebFlux handlers alike. OpenTelemetry's HTTP conventions call such a
 * server span an error; Micrometer marks one only when the observation saw an exception.
 */
public final class ServerSpanStatus {

	private ServerSpanStatus() {
	}

	/**
	 * Marks the observation's span as an error when the status is a 5xx and the observation saw no exception.
	 * @param context the server observation, about to stop
	 * @param status the response status, or {@code null} when unknown
	 */
	public static void markServerError(Observation.Context context, @Nullable Integer status) {
		if (context.getError() != null || status == null || status < 500 || status > 599) {
			return;
		}
		TracingContext tracingContext = context.get(TracingContext.class);
		Span span = (tracingContext != null) ? tracingContext.getSpan() : null;
		if (span instanceof OtelSpan) {
			OtelSpan.toOtel(span).setStatus(StatusCode.ERROR);
		}
	}

}
