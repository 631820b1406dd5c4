package dev.tracewire.webflux;

import java.util.Map;

import dev.tracewire.test.TracewireTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With problem details on ({@code spring.webflux.problemdetails.enabled=true}), the problem detail of a framework
 * exception carries the request's trace id, the same as its {@code traceresponse} header, sampled or not; an
 * exception the framework does not handle still gets Boot's error body with the trace id.
 */
@SpringBootTest(classes = ErrorTraceIdTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.webflux.problemdetails.enabled=true")
@TracewireTest
class ErrorTraceIdProblemDetailsTests {

	@LocalServerPort
	int port;

	@Test
	void responseStatusExceptionsProblemDetailCarriesTheTraceId() {
		ResponseEntity<Map<String, Object>> response = get("/unavailable", null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody()).containsEntry("detail", "card processor down")
			.containsEntry("traceId", ErrorBodies.traceId(response));
	}

	@Test
	void unknownPathsProblemDetailCarriesTheTraceId() {
		ResponseEntity<Map<String, Object>> response = get("/no-such-path", null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody()).containsEntry("traceId", ErrorBodies.traceId(response));
	}

	@Test
	void unsampledRequestsProblemDetailCarriesTheTraceIdToo() {
		ResponseEntity<Map<String, Object>> response = get("/unavailable",
				"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
		assertThat(response.getBody()).containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(ErrorBodies.traceId(response)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
	}

	@Test
	void unhandledExceptionsErrorBodyStillCarriesTheTraceId() {
		ResponseEntity<Map<String, Object>> response = get("/boom", null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(response.getBody()).containsEntry("traceId", ErrorBodies.traceId(response));
	}


	private ResponseEntity<Map<String, Object>> get(String path, String traceparent) {
		return ErrorBodies.get(this.port, path, traceparent);
	}

}
