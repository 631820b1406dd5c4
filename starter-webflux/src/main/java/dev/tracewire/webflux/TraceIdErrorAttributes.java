package dev.tracewire.webflux;

import java.util.Map;

import dev.tracewire.http.TraceResponse;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webflux.error.DefaultErrorAttributes;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Boot's error attributes for WebFlux with the request's trace id added as {@value #TRACE_ID}, so that the error body
 * a person reads first leads to the trace: the same id as the {@code traceresponse} header, also for a request that
 * was not sampled. An application that needs its own error attributes can extend this class.
 */
public class TraceIdErrorAttributes extends DefaultErrorAttributes {

	/**
	 * Name of the attribute.
	 */
	public static final String TRACE_ID = "traceId";

	@Override
	public Map<String, Object> getErrorAttributes(ServerRequest request, ErrorAttributeOptions options) {
		Map<String, Object> attributes = super.getErrorAttributes(request, options);
		String traceId = TraceResponse.traceIdOf(
				ServerRequestObservationContext.findCurrent(request.exchange().getAttributes()).orElse(null));
		if (traceId != null) {
			attributes.put(TRACE_ID, traceId);
		}
		return attributes;
	}

}
