package dev.tracewire.hotpath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import dev.tracewire.sampling.DeferredKeepSpanProcessor;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.otel.bridge.EventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Counts, never times, what tracing does per request on the macro benchmark's two paths ({@code GET /hello}, one
 * server span, sampled and not; the checkout's HTTP part, five spans over two thread hops) with Tracewire's defaults: thread-local
 * transitions of the current observation, observation handler notifications, OpenTelemetry scope events (log MDC
 * writes) and Reactor operators assembled (automatic context propagation checks each one). Each figure is pinned at what the code does today; a change that adds to one fails here, and a
 * change that saves lowers the pin (BENCHMARKS.md, "Counts per request").
 */
@SpringBootTest(classes = { HotPathApplication.class, HotPathCountsTests.Counting.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "tracewire.sampling.rate-limit.enabled=false")
@TracewireTest
class HotPathCountsTests {

	private static final int WARM_UP = 20;

	private static final int REQUESTS = 50;

	private static final HotPathCounters counters = new HotPathCounters();

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Autowired
	SpanProcessors spanProcessors;

	// The JDK's client: no Reactor and no observation on the calling side, so that every count is the server's.
	private final HttpClient client = HttpClient.newHttpClient();

	@BeforeEach
	void watch() {
		counters.watchAccessor();
		counters.watchOperators();
	}

	@AfterEach
	void unwatch() {
		counters.unwatchOperators();
		counters.unwatchAccessor();
	}

	// One server span. Reactor sets the observation twice, clears it twice (each clear opens a NullObservation's
	// scope) and restores four times; each scope opened makes a trace context current (scope events, MDC).
	// Reactor assembles 72 operators (76 while the traceresponse header was a commit action).
	@Test
	void helloRequest() {
		measure("/hello", 1);
		assertPerRequest("reactor.operators", 72);
		assertPerRequest("accessor.", 8);
		assertPerRequest("handler.scope-opened.", 4);
		assertPerRequest("handler.", 10);
		assertPerRequest("otel.attached", 4);
	}

	// One server span a caller did not sample: recorded and held for the deferred keep, then discarded. The
	// traceresponse header is written in a commit action here (its sampled flag follows the status), which is
	// what the operators beyond the sampled request's are (76 against 72); the other counts are the sampled
	// request's.
	@Test
	void unsampledHelloRequest() {
		measure("/hello", 0, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
		assertPerRequest("reactor.operators", 76);
		assertPerRequest("accessor.", 8);
		assertPerRequest("handler.scope-opened.", 4);
		assertPerRequest("handler.", 10);
		assertPerRequest("otel.attached", 4);
	}

	// Five spans (gateway server, WebClient, order server, RestTemplate, price server) over a hop to
	// boundedElastic and back. Before ObservationScopeAccessor: 59 scopes opened (48 for observations, 32 of them
	// setting the one already current, and 11 NullObservations) and about 28.3 trace contexts attached; 274
	// operators while the traceresponse header was a commit action.
	@Test
	void checkoutRequest() {
		measure("/checkout", 5);
		assertPerRequest("reactor.operators", 262);
		assertPerRequest("accessor.", 128);
		assertPerRequest("accessor.set-current", 32);
		assertPerRequest("handler.scope-opened.", 24);
		assertPerRequest("handler.", 58);
		assertPerRequest("otel.attached", 25.3);
	}

	// A step a change adds happens on every request (+1 or more per request). Less than that comes and goes
	// between runs: which thread finishes the WebClient exchange, and a connection's release after the client
	// already has its answer, can fall into the next request's count.
	private static void assertPerRequest(String prefix, double pinned) {
		double perRequest = (double) counters.sum(prefix) / REQUESTS;
		assertThat(perRequest).as("%s per request (pinned at %s); every count per request: %s", prefix, pinned,
				counters.perRequest(REQUESTS))
			.isLessThanOrEqualTo(pinned + 0.5);
	}

	private void measure(String path, int spansPerRequest) {
		measure(path, spansPerRequest, null);
	}

	private void measure(String path, int spansPerRequest, String traceparent) {
		for (int i = 0; i < WARM_UP; i++) {
			call(path, spansPerRequest, traceparent);
		}
		counters.reset();
		for (int i = 0; i < REQUESTS; i++) {
			call(path, spansPerRequest, traceparent);
		}
		System.out.println("# " + path + " per request: " + counters.perRequest(REQUESTS));
	}

	// One request at a time, and its spans ended before the next: every count belongs to whole requests.
	private void call(String path, int spansPerRequest, String traceparent) {
		this.spans.reset();
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(5));
		if (traceparent != null) {
			builder.header("traceparent", traceparent);
		}
		HttpRequest request = builder.build();
		try {
			assertThat(this.client.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		this.spans.awaitCount(spansPerRequest);
		// Spans not sampled are never exported: wait until they are decided instead.
		DeferredKeepSpanProcessor keep = (DeferredKeepSpanProcessor) this.spanProcessors.list().get(0);
		await().pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> keep.heldTraces() == 0);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Counting {

		@Bean
		ObservationHandler<?> countingObservationHandler() {
			return counters.handler;
		}

		@Bean
		EventListener countingScopeEventListener() {
			return counters.listener;
		}

	}

}
