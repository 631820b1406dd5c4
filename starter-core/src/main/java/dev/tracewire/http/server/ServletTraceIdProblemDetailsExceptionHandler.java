package dev.tracewire.http.server;

import dev.tracewire.http.ErrorTraceId;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's handling of its own exceptions as RFC 9457 problem details, as Boot sets it up with
 * {@code spring.mvc.problemdetails.enabled=true}, with the request's trace id added to each problem detail as the
 * {@value ErrorTraceId#NAME} property: the same id as the {@code traceresponse} header, also for a request that was
 * not sampled. A property of that name the problem detail already has is left as it is.
 */
@ControllerAdvice
public class ServletTraceIdProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem && request instanceof ServletWebRequest servletRequest) {
			ErrorTraceId.addTo(problem,
					ServerHttpObservationFilter.findObservationContext(servletRequest.getRequest()).orElse(null));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

}
