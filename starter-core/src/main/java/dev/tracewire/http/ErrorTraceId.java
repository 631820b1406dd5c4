package dev.tracewire.http;

import java.util.Map;

import dev.tracewire.propagation.TraceParent;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

/**
 * Puts the trace id of a request into what a person reads first when it fails: Boot's error attributes and problem
 * details, as {@value #NAME}. The id is that of the span the request's server observation started, the same as the
 * {@code traceresponse} header's, also for a request that was not sampled.
 * <p>
 * Used by the servlet error attributes and exception handler of {@code tracewire-starter-core} and the WebFlux ones
 * of {@code tracewire-starter-webflux}.
 */
public final class ErrorTraceId {

	/**
	 * Name of the error attribute and the problem detail property.
	 */
	public static final String NAME = "traceId";

	private static final int TRACE_ID_LENGTH = 32;

	private ErrorTraceId() {
	}

	/**
	 * Adds the trace id to error attributes.
	 * @param attributes the error attributes
	 * @param serverObservation the context of the request's server observation, or {@code null}
	 */
	public static void addTo(Map<String, Object> attributes, Observation.@Nullable Context serverObservation) {
		String traceId = traceIdOf(serverObservation);
		if (traceId != null) {
			attributes.put(NAME, traceId);
		}
	}

	/**
	 * Adds the trace id to a problem detail, unless it has a property of that name already.
	 * @param problem the problem detail
	 * @param serverObservation the context of the request's server observation, or {@code null}
	 */
	public static void addTo(ProblemDetail problem, Observation.@Nullable Context serverObservation) {
		Map<String, @Nullable Object> properties = problem.getProperties();
		if (properties != null && properties.containsKey(NAME)) {
			return;
		}
		String traceId = traceIdOf(serverObservation);
		if (traceId != null) {
			problem.setProperty(NAME, traceId);
		}
	}

	private static @Nullable String traceIdOf(Observation.@Nullable Context context) {
		TracingContext tracing = (context != null) ? context.get(TracingContext.class) : null;
		Span span = (tracing != null) ? tracing.getSpan() : null;
		String traceId = (span != null) ? span.context().traceId() : null;
		return TraceParent.isValidId(traceId, TRACE_ID_LENGTH) ? traceId : null;
	}

}
