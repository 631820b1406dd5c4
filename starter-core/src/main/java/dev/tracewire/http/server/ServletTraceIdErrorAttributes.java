package dev.tracewire.http.server;

import java.util.Map;

import dev.tracewire.http.TraceResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Boot's error attributes for Spring MVC with the request's trace id added as {@value #TRACE_ID}, so that the error
 * body a person reads first (Boot's JSON error, or the error page's model) leads to the trace: the same id as the
 * {@code traceresponse} header, also for a request that was not sampled. An application that needs its own error
 * attributes can extend this class.
 */
public class ServletTraceIdErrorAttributes extends DefaultErrorAttributes {

	/**
	 * Name of the attribute.
	 */
	public static final String TRACE_ID = "traceId";

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
		Map<String, Object> attributes = super.getErrorAttributes(webRequest, options);
		String traceId = traceId(webRequest);
		if (traceId != null) {
			attributes.put(TRACE_ID, traceId);
		}
		return attributes;
	}

	private static @Nullable String traceId(WebRequest webRequest) {
		if (!(webRequest instanceof ServletWebRequest servletRequest)) {
			return null;
		}
		// The error dispatch shares the request's attributes, where Spring's observation filter keeps its context.
		HttpServletRequest request = servletRequest.getRequest();
		return TraceResponse.traceIdOf(ServerHttpObservationFilter.findObservationContext(request).orElse(null));
	}

}
