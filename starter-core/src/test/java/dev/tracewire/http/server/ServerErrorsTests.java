package dev.tracewire.http.server;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring MVC server spans of 5xx responses are errors even when no exception escaped the handler; other
 * statuses are left alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TracewireTest
class ServerErrorsTests {

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Test
	void serviceUnavailableAnswerMakesTheServerSpanAnError() {
		assertThat(get("/unavailable")).isEqualTo(503);
		assertThat(this.spans.awaitSpan("http get /unavailable", SpanKind.SERVER)).hasErrorStatus();
	}

	@Test
	void exceptionTurnedIntoA500ByAnExceptionHandlerMakesTheServerSpanAnError() {
		assertThat(get("/handled")).isEqualTo(500);
		assertThat(this.spans.awaitSpan("http get /handled", SpanKind.SERVER)).hasErrorStatus();
	}

	@Test
	void clientErrorsAndSuccessesAreNotErrors() {
		assertThat(get("/missing")).isEqualTo(404);
		assertThat(get("/ok")).isEqualTo(200);
		org.assertj.core.api.Assertions.assertThat(this.spans.awaitCount(2)).allSatisfy(
				(span) -> org.assertj.core.api.Assertions.assertThat(span.getStatus().getStatusCode())
					.isNotEqualTo(StatusCode.ERROR));
	}

	private int get(String path) {
		return RestClient.create()
			.get()
			.uri("http://localhost:" + this.port + path)
			.exchange((request, response) -> response.getStatusCode().value());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServerErrorsApplication {

		@Bean
		StatusController statusController() {
			return new StatusController();
		}

	}

	@RestController
	static class StatusController {

		@GetMapping("/unavailable")
		ResponseEntity<String> unavailable() {
			return ResponseEntity.status(503).body("{\"status\":\"UNAVAILABLE\"}");
		}

		@GetMapping("/handled")
		String handled() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/missing")
		ResponseEntity<String> missing() {
			return ResponseEntity.notFound().build();
		}

		@GetMapping("/ok")
		String ok() {
			return "ok";
		}

		@ExceptionHandler(IllegalStateException.class)
		ResponseEntity<String> onIllegalState(IllegalStateException ex) {
			return ResponseEntity.status(500).body("{\"status\":\"FAILED\"}");
		}

	}

}
