package dev.tracewire.webflux;

import java.util.Map;

import dev.tracewire.http.ErrorTraceId;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webflux.error.DefaultErrorAttributes;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Boot's error attributes for WebFlux with the request's trace id added as {@value ErrorTraceId#NAME}, so that the
 * error body a person reads first leads to the trace: the same id as the {@code traceresponse} header, also for a
 * request that was not sampled. An application that needs its own error attributes can extend this class.
 */
public class TraceIdErrorAttributes extends DefaultErrorAttributes {

	@Override
	public Map<String, Object> getErrorAttributes(ServerRequest request, ErrorAttributeOptions options) {
		Map<String, Object> attributes = super.getErrorAttributes(request, options);
		ErrorTraceId.addTo(attributes,
				ServerRequestObservationContext.findCurrent(request.exchange().getAttributes()).orElse(null));
		return attributes;
	}

}
