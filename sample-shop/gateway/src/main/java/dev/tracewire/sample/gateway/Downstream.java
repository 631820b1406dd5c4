package dev.tracewire.sample.gateway;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * One service behind the gateway. {@link #forward} passes its answer through (status, content type, body), so
 * that a 404, 409 or 503 reaches the customer as the service gave it. What the service cannot answer becomes a
 * JSON error of the gateway's own: 502 when it is unreachable or fails with another 5xx, 504 when it is too slow.
 * The gateway never answers 500 for a service's failure.
 */
final class Downstream {

	private static final Log logger = LogFactory.getLog(Downstream.class);

	private final String name;

	private final WebClient webClient;

	private final Duration timeout;

	/**
	 * Creates the downstream.
	 * @param name the service's name, for error reasons
	 * @param webClient a client with the service's base URL, built from Boot's {@code WebClient.Builder} (which
	 * is what makes its calls traced)
	 * @param timeout longest wait for an answer
	 */
	Downstream(String name, WebClient webClient, Duration timeout) {
		this.name = name;
		this.webClient = webClient;
		this.timeout = timeout;
	}

	/**
	 * Sends a request to the service and turns whatever happens into the gateway's answer.
	 * @param request the request, built on the service's client
	 * @return the answer, never an error
	 */
	Mono<ResponseEntity<Object>> forward(Function<WebClient, WebClient.RequestHeadersSpec<?>> request) {
		return request.apply(this.webClient)
			.exchangeToMono((response) -> response.toEntity(byte[].class))
			.timeout(this.timeout)
			.map(this::passThrough)
			.onErrorResume(WebClientRequestException.class,
					(ex) -> Mono.just(failure(HttpStatus.BAD_GATEWAY, this.name + " is unreachable", ex)))
			.onErrorResume(TimeoutException.class, (ex) -> Mono.just(failure(HttpStatus.GATEWAY_TIMEOUT,
					this.name + " did not answer within " + this.timeout.toMillis() + " ms", ex)));
	}

	private ResponseEntity<Object> passThrough(ResponseEntity<byte[]> answer) {
		HttpStatusCode status = answer.getStatusCode();
		if (status.is5xxServerError() && status.value() != HttpStatus.SERVICE_UNAVAILABLE.value()) {
			return failure(HttpStatus.BAD_GATEWAY, this.name + " failed (" + status.value() + ")", null);
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		MediaType contentType = answer.getHeaders().getContentType();
		if (contentType != null) {
			response.contentType(contentType);
		}
		return response.body(answer.getBody());
	}

	/**
	 * Returns the gateway's own JSON error answer.
	 * @param status the HTTP status
	 * @param reason why, for the customer
	 * @param cause what happened, logged when given
	 * @return the answer
	 */
	static ResponseEntity<Object> failure(HttpStatus status, String reason, @Nullable Throwable cause) {
		if (cause != null) {
			logger.warn("Answering " + status.value() + ": " + reason + " (" + cause + ")");
		}
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Failure(status.name(), reason));
	}

	/**
	 * The gateway's own error answer, shaped like the services' ({@code status}, {@code reason}).
	 *
	 * @param status what went wrong, for example {@code BAD_GATEWAY}
	 * @param reason why, for the customer
	 */
	record Failure(String status, String reason) {
	}

}
