package dev.tracewire.webclient;

import java.net.URI;

import dev.tracewire.sampling.DeferredKeepSpanProcessor;
import dev.tracewire.sampling.KeepSignals;
import dev.tracewire.sampling.TracewireSampler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TraceResponseExchangeFilter}: a callee's keep reaches the caller's held trace, found through the call's
 * {@code traceparent} or, without one, through the WebClient's observation; a sampled call's exchange is untouched.
 */
class TraceResponseExchangeFilterTests {

	private static final AttributeKey<String> KEPT = AttributeKey.stringKey("tracewire.sampling.kept");

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final DeferredKeepSpanProcessor processor = DeferredKeepSpanProcessor.builder()
		.build(SimpleSpanProcessor.create(this.exporter));

	private final SdkTracerProvider provider = SdkTracerProvider.builder()
		.setSampler(TracewireSampler.builder().probability(0).recordUnsampled(true).build())
		.addSpanProcessor(this.processor)
		.build();

	private final KeepSignals signals = new KeepSignals(true, DeferredKeepSpanProcessor.Outcomes.NONE);

	private final TraceResponseExchangeFilter filter = new TraceResponseExchangeFilter(this.signals);

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void sampledCallIsLeftAsItIs() {
		this.signals.attach(this.processor);
		Mono<ClientResponse> exchange = Mono.just(response("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01"));
		ExchangeFunction next = (request) -> exchange;
		ClientRequest request = request("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
		assertThat(this.filter.filter(request, next)).isSameAs(exchange);
	}

	@Test
	void calleeThatKeptKeepsTheCallersTraceFoundThroughItsTraceparent() {
		this.signals.attach(this.processor);
		Span root = this.provider.get("test").spanBuilder("GET /checkout").startSpan();
		SpanContext call = root.getSpanContext();
		String traceparent = "00-" + call.getTraceId() + "-" + call.getSpanId() + "-00";
		this.filter.filter(request(traceparent),
				(request) -> Mono.just(response("00-" + call.getTraceId() + "-00f067aa0ba902b7-01")))
			.block();
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).singleElement()
			.satisfies((span) -> assertThat(span.getAttributes().get(KEPT)).isEqualTo("downstream"));
	}

	@Test
	void withoutTraceparentTheObservationsSpanIsUsed() {
		this.signals.attach(this.processor);
		Span root = this.provider.get("test").spanBuilder("GET /checkout").startSpan();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler((context) -> true);
		Observation observation = Observation.start("http.client.requests", registry);
		TracingContext tracing = new TracingContext();
		tracing.setSpan(OtelSpan.fromOtel(root));
		observation.getContext().put(TracingContext.class, tracing);
		this.filter.filter(request(null),
				(request) -> Mono.just(response("00-" + root.getSpanContext().getTraceId() + "-00f067aa0ba902b7-01")))
			.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation))
			.block();
		observation.stop();
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).singleElement()
			.satisfies((span) -> assertThat(span.getAttributes().get(KEPT)).isEqualTo("downstream"));
	}

	@Test
	void calleeThatDidNotKeepLeavesTheTraceToBeDiscarded() {
		this.signals.attach(this.processor);
		Span root = this.provider.get("test").spanBuilder("GET /checkout").startSpan();
		SpanContext call = root.getSpanContext();
		this.filter.filter(request("00-" + call.getTraceId() + "-" + call.getSpanId() + "-00"),
				(request) -> Mono.just(response("00-" + call.getTraceId() + "-00f067aa0ba902b7-00")))
			.block();
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	private static ClientRequest request(String traceparent) {
		return ClientRequest.create(HttpMethod.GET, URI.create("http://localhost/charges")).headers((headers) -> {
			if (traceparent != null) {
				headers.set("traceparent", traceparent);
			}
		}).build();
	}

	private static ClientResponse response(String traceresponse) {
		return ClientResponse.create(HttpStatus.OK).header("traceresponse", traceresponse).build();
	}

}
