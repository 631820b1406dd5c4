package dev.tracewire.kafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.tracewire.test.TestSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.tracewire.kafka.KafkaTestApplication.WEB_ORDERS;
import static dev.tracewire.kafka.Traces.awaitTrace;
import static dev.tracewire.kafka.Traces.hasSpans;
import static dev.tracewire.kafka.Traces.single;
import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux handler that sends from inside its Reactor chain, on another thread: the record joins the request's
 * trace.
 */
@KafkaTracingTest
class ReactiveSendTracingTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Test
	void sendFromAReactorChainContinuesTheRequestsTrace() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/web-orders"))
			.header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(10))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("sent");

		List<SpanData> trace = awaitTrace(this.spans, TRACE_ID, hasSpans(WEB_ORDERS + " process", SpanKind.CONSUMER, 1)
			.and(hasSpans(WEB_ORDERS + " send", SpanKind.PRODUCER, 1))
			.and((spans) -> spans.stream().anyMatch((span) -> span.getKind() == SpanKind.SERVER)));
		SpanData server = trace.stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No server span in " + Traces.describe(trace)));
		assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
		SpanData producer = single(trace, WEB_ORDERS + " send", SpanKind.PRODUCER);
		assertThat(producer).isChildOf(server);
		assertThat(single(trace, WEB_ORDERS + " process", SpanKind.CONSUMER)).isChildOf(producer);
	}

}
