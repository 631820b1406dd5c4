package dev.tracewire.webflux;

import dev.tracewire.http.TraceResponse;
import dev.tracewire.testapp.ServerSpansController;
import dev.tracewire.testapp.TestApplication;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebFlux server spans with Tracewire: named by route template, with the status and any exception, an error
 * status for every 5xx, and a {@code traceresponse} header on every response.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.ANNOTATIONS, TestApplication.EXCLUDED_WEB_CLIENT })
@TracewireTest
class WebFluxServerSpansTests {

	private static final String INBOUND_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Test
	void namesServerSpanByRouteTemplateAndRecordsStatus() {
		ResponseEntity<String> response = get("/items/42");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.spans.awaitSpan("http get /items/{id}", SpanKind.SERVER)).hasAttribute("status", "200")
			.hasAttribute("uri", "/items/{id}")
			.hasStatus(StatusCode.UNSET);
	}

	@Test
	void namesFunctionalRouteSpanByRouteTemplate() {
		get("/fn/items/7");
		assertThat(this.spans.awaitSpan("http get /fn/items/{id}", SpanKind.SERVER)).hasAttribute("status", "200");
	}

	@Test
	void recordsExceptionAsEventAndErrorStatus() {
		ResponseEntity<String> response = get("/items/9/failure");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(this.spans.awaitSpan("http get /items/{id}/failure", SpanKind.SERVER)).hasErrorStatus()
			.hasEventNamed("exception")
			.hasAttribute("exception", "IllegalStateException")
			.hasAttribute("status", "500");
	}

	@Test
	void marksServerErrorWithoutExceptionAsError() {
		ResponseEntity<String> response = get("/unavailable");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(this.spans.awaitSpan("http get /unavailable", SpanKind.SERVER)).hasStatus(StatusCode.ERROR)
			.hasAttribute("status", "503");
	}

	@Test
	void marksServerErrorFromExceptionHandlerAsError() {
		ResponseEntity<String> response = get("/handled");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(this.spans.awaitSpan("http get /handled", SpanKind.SERVER)).hasStatus(StatusCode.ERROR);
	}

	@Test
	void leavesClientErrorWithoutExceptionUnset() {
		get("/bad-request");
		assertThat(this.spans.awaitSpan("http get /bad-request", SpanKind.SERVER)).hasStatus(StatusCode.UNSET)
			.hasAttribute("status", "400");
	}

	@Test
	void sendsTraceresponseWithTraceAndServerSpanIds() {
		ResponseEntity<String> response = get("/items/1");
		SpanData server = this.spans.awaitSpan("http get /items/{id}", SpanKind.SERVER);
		assertThat(response.getHeaders().get(TraceResponse.NAME))
			.containsExactly("00-" + server.getTraceId() + "-" + server.getSpanId() + "-03");
	}

	@Test
	void sendsTraceresponseOnErrorResponses() {
		ResponseEntity<String> failed = get("/items/1/failure");
		SpanData failedServer = this.spans.awaitSpan("http get /items/{id}/failure", SpanKind.SERVER);
		ResponseEntity<String> missing = get("/no/such/route");
		assertThat(failed.getHeaders().getFirst(TraceResponse.NAME)).contains(failedServer.getTraceId());
		assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(missing.getHeaders().getFirst(TraceResponse.NAME)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]");
	}

	@Test
	void keepsTheTraceresponseTheApplicationSets() {
		ResponseEntity<String> response = get("/own-traceresponse");
		assertThat(response.getHeaders().get(TraceResponse.NAME)).containsExactly(ServerSpansController.OWN_TRACERESPONSE);
	}

	@Test
	void traceresponseQuotesTheCallersTrace() {
		ResponseEntity<String> response = get("/items/1", "00-" + INBOUND_TRACE_ID + "-00f067aa0ba902b7-01");
		assertThat(this.spans.awaitSpan("http get /items/{id}", SpanKind.SERVER)).hasTraceId(INBOUND_TRACE_ID);
		assertThat(response.getHeaders().getFirst(TraceResponse.NAME))
			.startsWith("00-" + INBOUND_TRACE_ID + "-")
			.endsWith("-01");
	}

	@Test
	void malformedTraceparentStartsNewTraceAndStillAnswers() {
		ResponseEntity<String> response = get("/items/1", "00-" + INBOUND_TRACE_ID.toUpperCase() + "-zz-01 ;x");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		SpanData server = this.spans.awaitSpan("http get /items/{id}", SpanKind.SERVER);
		assertThat(server).isRoot();
		assertThat(response.getHeaders().getFirst(TraceResponse.NAME)).contains(server.getTraceId());
	}

	private ResponseEntity<String> get(String path) {
		return get(path, null);
	}

	private ResponseEntity<String> get(String path, String traceparent) {
		// An untraced client: the server span is the root, or continues the given traceparent.
		return WebClient.create("http://localhost:" + this.port)
			.get()
			.uri(path)
			.headers((headers) -> {
				if (traceparent != null) {
					headers.set("traceparent", traceparent);
				}
			})
			.exchangeToMono((response) -> response.toEntity(String.class))
			.block();
	}

}
