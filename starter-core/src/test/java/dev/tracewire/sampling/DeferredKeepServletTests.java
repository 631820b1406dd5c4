package dev.tracewire.sampling;

import java.time.Duration;
import java.util.List;

import dev.tracewire.actuate.TracewireEndpoint;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deferred keep across a servlet service's edges, sampling nothing: the {@code traceresponse} of a response that
 * fails says the trace is kept (sampled flag set) and the service exports its part; a {@code RestClient} call
 * whose callee says it kept the trace keeps the caller's part; a callee's {@code traceresponse} that is malformed,
 * too long or names another trace is ignored and counted; an inbound {@code traceresponse} is never read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tracewire.sampling.probability=0", "management.endpoints.web.exposure.include=tracewire" })
@TracewireTest
class DeferredKeepServletTests {

	private static final AttributeKey<String> KEPT = AttributeKey.stringKey("tracewire.sampling.kept");

	private static final String NOT_SAMPLED = "00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]";

	private static final String SAMPLED = "00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]";

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	TracewireEndpoint endpoint;

	@Test
	void successfulResponseSaysNotSampledAndNothingIsExported() {
		double discarded = count("tracewire.traces", "outcome", "discarded");
		ResponseEntity<String> response = get("/ok", null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(traceResponse(response)).matches(NOT_SAMPLED);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count("tracewire.traces", "outcome", "discarded") > discarded);
		assertThat(this.spans.finished()).isEmpty();
	}

	@Test
	void failingResponseSaysSampledAndItsTraceIsExported() {
		ResponseEntity<String> response = get("/unavailable", null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(traceResponse(response)).matches(SAMPLED);
		SpanData server = onlySpanOf(traceId(response), "http get /unavailable");
		assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
		assertThat(server.getSpanId()).isEqualTo(traceResponse(response).substring(36, 52));
		assertThat(server.getAttributes().get(KEPT)).isEqualTo("error");
	}

	@Test
	void sendErrorSaysSampled() {
		ResponseEntity<String> response = get("/send-error", null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
		assertThat(traceResponse(response)).matches(SAMPLED);
		assertThat(onlySpanOf(traceId(response), "http get /send-error").getAttributes().get(KEPT))
			.isEqualTo("error");
	}

	@Test
	void exceptionSaysSampled() {
		ResponseEntity<String> response = get("/throws", null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
		assertThat(traceResponse(response)).matches(SAMPLED);
		assertThat(onlySpanOf(traceId(response), "http get /throws").getAttributes().get(KEPT)).isEqualTo("error");
	}

	@Test
	void calleeThatKeptMakesTheCallerKeep() {
		double downstream = count("tracewire.traces", "outcome", "kept-downstream");
		ResponseEntity<String> response = get("/proxy?to=kept", null);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		// The caller's caller is told too.
		assertThat(traceResponse(response)).matches(SAMPLED);
		String traceId = traceId(response);
		List<SpanData> trace = await().atMost(Duration.ofSeconds(10))
			.until(() -> spansOf(traceId), (spans) -> spans.size() >= 3);
		SpanData proxy = span(trace, SpanKind.SERVER, "http get /proxy");
		SpanData client = span(trace, SpanKind.CLIENT, "http get");
		SpanData callee = span(trace, SpanKind.SERVER, "http get /says");
		assertThat(client.getParentSpanId()).isEqualTo(proxy.getSpanId());
		assertThat(callee.getParentSpanId()).isEqualTo(client.getSpanId());
		assertThat(trace).hasSize(3)
			.allSatisfy((span) -> assertThat(span.getAttributes().get(KEPT)).isEqualTo("downstream"));
		assertThat(count("tracewire.traces", "outcome", "kept-downstream")).isEqualTo(downstream + 1);
	}

	@Test
	void calleeThatDidNotKeepLeavesTheCallerUnkept() {
		assertNotKept("/proxy?to=not-kept", null);
	}

	@Test
	void malformedTooLongOrForeignTraceResponsesAreIgnoredAndCounted() {
		double malformed = count("tracewire.traceresponse.ignored", "reason", "malformed");
		double otherTrace = count("tracewire.traceresponse.ignored", "reason", "other-trace");
		assertNotKept("/proxy?to=malformed", null);
		assertNotKept("/proxy?to=too-long", null);
		assertNotKept("/proxy?to=other-trace", null);
		assertThat(count("tracewire.traceresponse.ignored", "reason", "malformed")).isEqualTo(malformed + 2);
		assertThat(count("tracewire.traceresponse.ignored", "reason", "other-trace")).isEqualTo(otherTrace + 1);
		assertThat(this.endpoint.tracewire().traces()).containsEntry("traceresponse.ignored.malformed", malformed + 2)
			.containsEntry("traceresponse.ignored.other-trace", otherTrace + 1);
	}

	@Test
	void inboundTraceResponseIsNeverTrusted() {
		// A client that claims its trace was kept (a traceresponse on a request means nothing) and sends an
		// unsampled traceparent: nothing is kept.
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		ResponseEntity<String> response = get("/ok", "00-" + traceId + "-00f067aa0ba902b7-00",
				"00-" + traceId + "-00f067aa0ba902b7-01");
		assertThat(traceResponse(response)).startsWith("00-" + traceId).matches(NOT_SAMPLED);
		double discarded = count("tracewire.traces", "outcome", "discarded");
		assertNotKept("/proxy?to=not-kept", null);
		assertThat(count("tracewire.traces", "outcome", "discarded")).isGreaterThan(discarded);
		assertThat(spansOf(traceId)).isEmpty();
	}

	private void assertNotKept(String path, String traceparent) {
		double discarded = count("tracewire.traces", "outcome", "discarded");
		ResponseEntity<String> response = get(path, traceparent);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(traceResponse(response)).matches(NOT_SAMPLED);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count("tracewire.traces", "outcome", "discarded") > discarded);
		assertThat(spansOf(traceId(response))).isEmpty();
	}

	private SpanData onlySpanOf(String traceId, String name) {
		List<SpanData> trace = await().atMost(Duration.ofSeconds(10))
			.until(() -> spansOf(traceId), (spans) -> !spans.isEmpty());
		assertThat(trace).hasSize(1);
		assertThat(trace.get(0).getName()).isEqualTo(name);
		assertThat(trace.get(0).getSpanContext().isSampled()).isTrue();
		return trace.get(0);
	}

	private List<SpanData> spansOf(String traceId) {
		return this.spans.finished().stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
	}

	private static SpanData span(List<SpanData> trace, SpanKind kind, String name) {
		return trace.stream()
			.filter((span) -> span.getKind() == kind && span.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " span '" + name + "' in " + trace));
	}

	private double count(String name, String tag, String value) {
		return this.meterRegistry.find(name).tag(tag, value).counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	private static String traceResponse(ResponseEntity<String> response) {
		String value = response.getHeaders().getFirst("traceresponse");
		assertThat(value).as("traceresponse").isNotNull();
		return value;
	}

	private static String traceId(ResponseEntity<String> response) {
		return traceResponse(response).substring(3, 35);
	}

	private ResponseEntity<String> get(String path, String traceparent) {
		return get(path, traceparent, null);
	}

	private ResponseEntity<String> get(String path, String traceparent, String inboundTraceResponse) {
		// Not traced: the server span starts the trace.
		return RestClient.create()
			.get()
			.uri("http://localhost:" + this.port + path)
			.headers((headers) -> {
				if (traceparent != null) {
					headers.set("traceparent", traceparent);
				}
				if (inboundTraceResponse != null) {
					headers.set("traceresponse", inboundTraceResponse);
				}
			})
			.exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
				.headers(response.getHeaders())
				.body(new String(response.getBody().readAllBytes())));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Endpoints endpoints(RestClient.Builder builder, Tracer tracer) {
			return new Endpoints(builder.build(), tracer);
		}

	}

	@RestController
	static class Endpoints {

		private final RestClient restClient;

		private final Tracer tracer;

		@Autowired
		Environment environment;

		Endpoints(RestClient restClient, Tracer tracer) {
			this.restClient = restClient;
			this.tracer = tracer;
		}

		@GetMapping("/ok")
		String ok() {
			return "ok";
		}

		@GetMapping("/unavailable")
		ResponseEntity<String> unavailable() {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("card processor down");
		}

		@GetMapping("/send-error")
		void sendError(HttpServletResponse response) throws Exception {
			response.sendError(HttpStatus.BAD_GATEWAY.value());
		}

		@GetMapping("/throws")
		String throwsException() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/proxy")
		String proxy(@RequestParam String to) {
			return this.restClient.get().uri("http://localhost:" + this.environment.getProperty("local.server.port") + "/says?what=" + to).retrieve()
					.body(String.class);
		}

		// Answers 200 with the traceresponse a callee in another service might send (the application's own header
		// replaces Tracewire's).
		@GetMapping("/says")
		ResponseEntity<String> says(@RequestParam String what) {
			String traceId = this.tracer.currentSpan().context().traceId();
			String value = switch (what) {
				case "kept" -> "00-" + traceId + "-00f067aa0ba902b7-01";
				case "not-kept" -> "00-" + traceId + "-00f067aa0ba902b7-00";
				case "malformed" -> "00-" + traceId + "-00f067aa0ba902b7-1";
				case "too-long" -> "01-" + traceId + "-00f067aa0ba902b7-01-" + "a".repeat(600);
				case "other-trace" -> "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";
				default -> throw new IllegalArgumentException(what);
			};
			return ResponseEntity.ok().header("traceresponse", value).body(what);
		}

	}

}
