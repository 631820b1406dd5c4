package dev.tracewire.webflux;

import dev.tracewire.http.TraceResponse;
import dev.tracewire.testapp.AnnotatedService;
import dev.tracewire.testapp.LeafController;
import dev.tracewire.testapp.TestApplication;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.annotation.ImperativeMethodInvocationProcessor;
import io.micrometer.tracing.annotation.MethodInvocationProcessor;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Tracewire switched off but on the classpath, Boot's own WebFlux, WebClient and span-annotation tracing work
 * as without it: our auto-configurations must never change the order in which Boot's run, or take Boot's place.
 * Shares its context (and JVM, with Reactor's default propagation) with {@code BootAloneBoundaryMatrixTests}.
 */
@Tag("limited-propagation")
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tracewire.enabled=false", TestApplication.ANNOTATIONS })
@TracewireTest
class BootTracingUnaffectedTests {

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Autowired
	ObservationRegistry registry;

	@Autowired
	@Qualifier("builtWebClient")
	WebClient builtWebClient;

	@Autowired
	AnnotatedService annotatedService;

	@Autowired
	MethodInvocationProcessor processor;

	@Autowired
	Environment environment;

	@Test
	void webClientFromBootsBuilderAndServerSpansAreStillTracedByBoot() {
		String traceparent = Observation.createNotStarted("caller", this.registry)
			.observe(() -> this.builtWebClient.get()
				.uri("http://localhost:" + this.port + "/leaf")
				.retrieve()
				.bodyToMono(String.class)
				.block());
		SpanData caller = this.spans.awaitSpan("caller");
		SpanData client = this.spans.awaitSpan("http get", SpanKind.CLIENT);
		assertThat(this.spans.awaitSpan(LeafController.SPAN_NAME, SpanKind.SERVER)).isChildOf(client);
		assertThat(client).isChildOf(caller);
		assertThat(traceparent).contains(client.getSpanId());
	}

	@Test
	void serverSpanIsNamedByRouteTemplateWithoutTracewiresAdditions() {
		ResponseEntity<String> response = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/unavailable")
			.exchangeToMono((answer) -> answer.toEntity(String.class))
			.block();
		assertThat(response.getHeaders().containsHeader(TraceResponse.NAME)).isFalse();
		assertThat(this.spans.awaitSpan("http get /unavailable", SpanKind.SERVER)).hasAttribute("status", "503");
	}

	@Test
	void bootsImperativeSpanAspectStillWorks() {
		assertThat(this.processor).isInstanceOf(ImperativeMethodInvocationProcessor.class);
		this.annotatedService.blockingLookup();
		assertThat(this.spans.awaitSpan("blocking-lookup")).isRoot();
	}

	@Test
	void reactorPropagationIsBootsDefault() {
		assertThat(this.environment.getProperty("spring.reactor.context-propagation")).isNull();
	}

}
