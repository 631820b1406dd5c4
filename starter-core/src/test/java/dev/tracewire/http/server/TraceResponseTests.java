package dev.tracewire.http.server;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring MVC application (no WebFlux on the classpath) answers every request with a {@code traceresponse}
 * header naming the request's server span.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TracewireTest
class TraceResponseTests {

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Test
	void responseNamesTheServerSpan() {
		ResponseEntity<String> response = request("/hello", null);
		SpanData server = this.spans.awaitSpan("http get /hello", SpanKind.SERVER);
		// Flags: sampled, plus the W3C level 2 "random" bit that OpenTelemetry sets on the trace ids it makes.
		assertThat(response.getHeaders().getFirst("traceresponse"))
			.isEqualTo("00-" + server.getTraceId() + "-" + server.getSpanId() + "-03");
	}

	@Test
	void responseCarriesTheCallersTraceId() {
		ResponseEntity<String> response = request("/hello", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		assertThat(response.getHeaders().getFirst("traceresponse")).startsWith("00-0af7651916cd43dd8448eb211c80319c-")
			.endsWith("-01");
	}

	@Test
	void failedRequestStillNamesItsTrace() {
		ResponseEntity<String> response = request("/fail", null);
		assertThat(response.getStatusCode().value()).isEqualTo(500);
		SpanData server = this.spans.awaitSpan("http get /fail", SpanKind.SERVER);
		assertThat(response.getHeaders().getFirst("traceresponse")).contains(server.getTraceId());
	}

	@Test
	void unsampledRequestSaysSo() {
		ResponseEntity<String> response = request("/actuator/hello", null);
		assertThat(response.getHeaders().getFirst("traceresponse")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]");
	}

	private ResponseEntity<String> request(String path, String traceparent) {
		return RestClient.create()
			.get()
			.uri("http://localhost:" + this.port + path)
			.headers((headers) -> {
				if (traceparent != null) {
					headers.set("traceparent", traceparent);
				}
			})
			.exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
				.headers(response.getHeaders())
				.body(new String(response.getBody().readAllBytes())));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TraceResponseApplication {

		@Bean
		HelloController helloController() {
			return new HelloController();
		}

	}

	@RestController
	static class HelloController {

		@GetMapping({ "/hello", "/actuator/hello" })
		String hello() {
			return "hello";
		}

		@GetMapping("/fail")
		String fail() {
			throw new IllegalStateException("boom");
		}

	}

}
