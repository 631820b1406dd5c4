package dev.tracewire.webflux;

import java.time.Duration;
import java.util.List;

import dev.tracewire.sampling.DeferredKeepSpanProcessor;
import dev.tracewire.sampling.TraceOutcomeMeters;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import dev.tracewire.testapp.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Deferred keep in a WebFlux application that samples nothing: a request that fails downstream is exported whole
 * (gateway server span, WebClient span, the failing server span), marked as kept for an error; one that succeeds
 * is not exported at all; requests cancelled half-way leave nothing held.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.ANNOTATIONS, TestApplication.EXCLUDED_WEB_CLIENT,
				"tracewire.sampling.probability=0" })
@TracewireTest
class DeferredKeepTests {

	private static final AttributeKey<String> KEPT = AttributeKey.stringKey("tracewire.sampling.kept");

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	SpanProcessors spanProcessors;

	@Test
	void failedRequestIsExportedWholeAndASuccessfulOneIsNot() {
		double discardedBefore = outcomes("discarded");
		ResponseEntity<String> fine = get("/golden/orders/7");
		assertThat(fine.getStatusCode()).isEqualTo(HttpStatus.OK);
		String fineTrace = traceId(fine, false);
		// Its five spans end after the response is written: wait for the trace's decision.
		await().atMost(Duration.ofSeconds(10)).until(() -> outcomes("discarded") > discardedBefore);

		ResponseEntity<String> failed = get("/golden/orders/9/failure");
		assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		// The failing response tells its caller that this service keeps the trace.
		String failedTrace = traceId(failed, true);
		List<SpanData> trace = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.finished()
				.stream()
				.filter((span) -> span.getTraceId().equals(failedTrace))
				.toList(), (spans) -> spans.size() >= 3);
		assertThat(trace).hasSize(3).allSatisfy((span) -> {
			assertThat(span.getSpanContext().isSampled()).isTrue();
			assertThat(span.getAttributes().get(KEPT)).isEqualTo("error");
		});
		SpanData gateway = span(trace, SpanKind.SERVER, "http get /golden/orders/{id}/failure");
		SpanData client = span(trace, SpanKind.CLIENT, "http get");
		SpanData failing = span(trace, SpanKind.SERVER, "http get /items/{id}/failure");
		assertThat(gateway.getParentSpanContext().isValid()).isFalse();
		assertThat(client.getParentSpanId()).isEqualTo(gateway.getSpanId());
		assertThat(failing.getParentSpanId()).isEqualTo(client.getSpanId());
		assertThat(failing.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(this.spans.finished()).noneMatch((span) -> span.getTraceId().equals(fineTrace));
		assertThat(outcomes("kept-error")).isEqualTo(1);
	}

	@Test
	void cancelledRequestsLeaveNothingHeld() {
		DeferredKeepSpanProcessor processor = (DeferredKeepSpanProcessor) this.spanProcessors.list().get(0);
		// The client gives up on a slow call; a timeout and a take(1) cancel calls the server made.
		assertThatException().isThrownBy(() -> WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/cancel/slow")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofMillis(300)));
		assertThat(get("/cancel/timeout").getBody()).isEqualTo("timed out");
		assertThat(get("/cancel/take").getStatusCode()).isEqualTo(HttpStatus.OK);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			assertThat(processor.heldTraces()).as("traces held").isZero();
			assertThat(processor.heldSpans()).as("spans held").isZero();
		});
	}

	private static SpanData span(List<SpanData> trace, SpanKind kind, String name) {
		return trace.stream()
			.filter((span) -> span.getKind() == kind && span.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " span '" + name + "' in " + trace));
	}

	private double outcomes(String outcome) {
		return this.meterRegistry.find(TraceOutcomeMeters.TRACES).tag("outcome", outcome).counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	// The traceresponse header names the trace even when it is not sampled; its sampled flag (bit 0) says whether the
	// trace is kept; bit 1 says the trace id is random.
	private static String traceId(ResponseEntity<String> response, boolean kept) {
		String traceresponse = response.getHeaders().getFirst("traceresponse");
		assertThat(traceresponse).as("traceresponse")
			.isNotNull()
			.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0" + (kept ? "[13]" : "[02]"));
		return traceresponse.substring(3, 35);
	}

	private ResponseEntity<String> get(String path) {
		// A client created here is not traced: the server span starts the trace.
		return WebClient.create("http://localhost:" + this.port)
			.get()
			.uri(path)
			.exchangeToMono((response) -> response.toEntity(String.class))
			.block();
	}

}
