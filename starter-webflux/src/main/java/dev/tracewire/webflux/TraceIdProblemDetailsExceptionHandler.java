package dev.tracewire.webflux;

import dev.tracewire.http.ErrorTraceId;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * WebFlux's handling of its own exceptions as RFC 9457 problem details, as Boot sets it up with
 * {@code spring.webflux.problemdetails.enabled=true}, with the request's trace id added to each problem detail as the
 * {@value ErrorTraceId#NAME} property: the same id as the {@code traceresponse} header, also for a request that was
 * not sampled. A property of that name the problem detail already has is left as it is.
 */
@ControllerAdvice
public class TraceIdProblemDetailsExceptionHandler extends ResponseEntityExceptionHandler {

	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		if (body instanceof ProblemDetail problem) {
			ErrorTraceId.addTo(problem,
					ServerRequestObservationContext.findCurrent(exchange.getAttributes()).orElse(null));
		}
		return super.createResponseEntity(body, headers, status, exchange);
	}

}
