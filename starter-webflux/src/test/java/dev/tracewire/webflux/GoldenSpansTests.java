package dev.tracewire.webflux;

import java.time.Duration;
import java.util.List;

import dev.tracewire.testapp.TestApplication;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TraceShape;
import dev.tracewire.test.TracewireTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spans of WebFlux server, WebClient and RestTemplate requests, compared with golden files in
 * {@code src/test/resources/golden}: names, kinds, parents, status and attributes must not change unnoticed.
 * Regenerate with {@code -Dtracewire.golden.update=true} after an intended change.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.ANNOTATIONS, TestApplication.EXCLUDED_WEB_CLIENT })
@TracewireTest
class GoldenSpansTests {

	// A caller's trace, so that the server span shows how a remote parent is continued.
	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Test
	void serverSpanWithWebClientAndRestTemplateCallsMatchesGolden() {
		ResponseEntity<String> response = get("/golden/orders/7");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		TraceShape.assertMatchesGolden("webflux-server-web-client-rest-template",
				trace("http get /golden/orders/{id}", 5));
	}

	@Test
	void failingDownstreamCallMatchesGolden() {
		ResponseEntity<String> response = get("/golden/orders/9/failure");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		TraceShape.assertMatchesGolden("webflux-server-error", trace("http get /golden/orders/{id}/failure", 3));
	}

	// Server spans end after their response is written: waits until the root's trace has them all.
	private List<SpanData> trace(String rootName, int count) {
		String traceId = this.spans.awaitSpan(rootName, SpanKind.SERVER).getTraceId();
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.finished()
				.stream()
				.filter((span) -> span.getTraceId().equals(traceId))
				.toList(), (trace) -> trace.size() >= count);
	}

	private ResponseEntity<String> get(String path) {
		// A client created here is not traced: the server span continues the given traceparent.
		return WebClient.create("http://localhost:" + this.port)
			.get()
			.uri(path)
			.header("traceparent", TRACEPARENT)
			.exchangeToMono((response) -> response.toEntity(String.class))
			.block();
	}

}
