package dev.tracewire.http.server;

import java.util.Map;

import dev.tracewire.http.ErrorTraceId;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Boot's error attributes for Spring MVC with the request's trace id added as {@value ErrorTraceId#NAME}, so that the
 * error body a person reads first (Boot's JSON error, or the error page's model) leads to the trace: the same id as
 * the {@code traceresponse} header, also for a request that was not sampled. An application that needs its own error
 * attributes can extend this class.
 */
public class ServletTraceIdErrorAttributes extends DefaultErrorAttributes {

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
		Map<String, Object> attributes = super.getErrorAttributes(webRequest, options);
		if (webRequest instanceof ServletWebRequest servletRequest) {
			// The error dispatch shares the request's attributes, where Spring's observation filter keeps its context.
			ErrorTraceId.addTo(attributes,
					ServerHttpObservationFilter.findObservationContext(servletRequest.getRequest()).orElse(null));
		}
		return attributes;
	}

}
