package dev.tracewire.webclient;

import java.util.function.Function;

import dev.tracewire.testapp.LeafController;
import dev.tracewire.testapp.TestApplication;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebClient beans produce CLIENT spans and send {@code traceparent} however they were created; excluded beans and
 * clients created at runtime are not traced.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.ANNOTATIONS, TestApplication.EXCLUDED_WEB_CLIENT })
@TracewireTest
class WebClientTracingTests {

	@LocalServerPort
	int port;

	@Autowired
	ObservationRegistry registry;

	@Autowired
	TestSpans spans;

	@Autowired
	@Qualifier("plainWebClient")
	WebClient plainWebClient;

	@Autowired
	@Qualifier("builtWebClient")
	WebClient builtWebClient;

	@Autowired
	@Qualifier("excludedWebClient")
	WebClient excludedWebClient;

	@Test
	void webClientCreateBeanProducesClientSpanAndSendsTraceparent() {
		assertCallContinuesTrace(this.plainWebClient);
	}

	@Test
	void webClientFromBootsBuilderIsTracedOnce() {
		assertCallContinuesTrace(this.builtWebClient);
	}

	@Test
	void excludedWebClientBeanIsLeftAlone() {
		assertCallIsUntraced(this.excludedWebClient);
	}

	@Test
	void webClientCreatedAtRuntimeIsNotTraced() {
		assertCallIsUntraced(WebClient.create());
	}

	private void assertCallContinuesTrace(WebClient client) {
		String traceparent = callInsideCaller(client);
		SpanData caller = this.spans.awaitSpan("caller");
		SpanData clientSpan = this.spans.awaitSpan("http get", SpanKind.CLIENT);
		SpanData leaf = this.spans.awaitSpan(LeafController.SPAN_NAME, SpanKind.SERVER);
		assertThat(this.spans.finished()).hasExactlyOneTrace().hasSize(3);
		assertThat(clientSpan).isChildOf(caller).hasAttribute("http.url", leafUrl());
		assertThat(leaf).isChildOf(clientSpan);
		assertThat(traceparent).matches("00-" + caller.getTraceId() + "-" + clientSpan.getSpanId() + "-0[13]");
	}

	private void assertCallIsUntraced(WebClient client) {
		String traceparent = callInsideCaller(client);
		assertThat(traceparent).isEqualTo("none");
		assertThat(this.spans.awaitSpan(LeafController.SPAN_NAME, SpanKind.SERVER)).isRoot();
		assertThat(this.spans.finished()).hasTraceCount(2);
		assertThat(this.spans.finished().stream().map(SpanData::getKind).toList()).doesNotContain(SpanKind.CLIENT);
	}

	private String callInsideCaller(WebClient client) {
		Function<WebClient, Mono<String>> call = (webClient) -> webClient.get()
			.uri(leafUrl())
			.retrieve()
			.bodyToMono(String.class);
		return Observation.createNotStarted("caller", this.registry).observe(() -> call.apply(client).block());
	}

	private String leafUrl() {
		return "http://localhost:" + this.port + "/leaf";
	}

}
