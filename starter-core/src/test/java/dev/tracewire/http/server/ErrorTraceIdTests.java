package dev.tracewire.http.server;

import java.util.Map;

import dev.tracewire.test.TracewireTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring MVC application's error body (Boot's JSON error) carries the request's trace id, the same as its
 * {@code traceresponse} header, for sampled requests and for requests that are not sampled.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TracewireTest
class ErrorTraceIdTests {

	@LocalServerPort
	int port;

	@Test
	void unhandledExceptionsErrorBodyCarriesTheTraceId() {
		assertTraceIdInBody("/boom", HttpStatus.INTERNAL_SERVER_ERROR);
	}

	@Test
	void responseStatusExceptionsErrorBodyCarriesTheTraceId() {
		assertTraceIdInBody("/unavailable", HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void unknownPathsErrorBodyCarriesTheTraceId() {
		assertTraceIdInBody("/no-such-path", HttpStatus.NOT_FOUND);
	}

	@Test
	void callersTraceIdIsTheOneInTheBody() {
		ResponseEntity<Map<String, Object>> response = get("/boom",
				"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		assertThat(response.getBody()).containsEntry("traceId", "0af7651916cd43dd8448eb211c80319c");
	}

	@Test
	void unsampledRequestsErrorBodyCarriesTheTraceIdToo() {
		ResponseEntity<Map<String, Object>> response = get("/boom",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
		assertThat(response.getHeaders().getFirst("traceresponse")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
		assertThat(response.getBody()).containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
	}

	private void assertTraceIdInBody(String path, HttpStatus status) {
		ResponseEntity<Map<String, Object>> response = get(path, null);
		assertThat(response.getStatusCode()).isEqualTo(status);
		assertThat(response.getBody()).containsEntry("traceId", ErrorBodies.traceId(response))
			.containsEntry("status", status.value());
	}

	private ResponseEntity<Map<String, Object>> get(String path, String traceparent) {
		return ErrorBodies.get(this.port, path, traceparent);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Failing failing() {
			return new Failing();
		}

	}

	@RestController
	static class Failing {

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/unavailable")
		String unavailable() {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "card processor down");
		}

	}

}
