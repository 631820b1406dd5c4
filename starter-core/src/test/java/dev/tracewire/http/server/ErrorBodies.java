package dev.tracewire.http.server;

import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads error bodies as JSON maps, whatever the status, for the trace-id-in-error-body tests.
 */
final class ErrorBodies {

	private ErrorBodies() {
	}

	static ResponseEntity<Map<String, Object>> get(int port, String path, String traceparent) {
		// Not traced: the server span starts the trace, or continues the given traceparent.
		return RestClient.create()
			.get()
			.uri("http://localhost:" + port + path)
			.headers((headers) -> {
				if (traceparent != null) {
					headers.set("traceparent", traceparent);
				}
			})
			.retrieve()
			.onStatus((status) -> true, (request, response) -> {
			})
			.toEntity(new ParameterizedTypeReference<>() {
			});
	}

	static String traceId(ResponseEntity<?> response) {
		String traceresponse = response.getHeaders().getFirst("traceresponse");
		assertThat(traceresponse).as("traceresponse").isNotNull();
		return traceresponse.substring(3, 35);
	}

}
