package dev.tracewire.test;

import java.util.List;
import java.util.stream.IntStream;

import dev.tracewire.test.app.Checkout;
import dev.tracewire.test.app.TracedApplication;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TracewireTest @TracewireTest} against Boot's own tracing, over a real HTTP call.
 */
@SpringBootTest(classes = TracedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TracewireTest
class TracewireTestTests {

	@Autowired
	TestSpans spans;

	@Autowired
	RestClient.Builder restClientBuilder;

	@LocalServerPort
	int port;

	@Autowired
	Checkout checkout;

	@Test
	void propagatesTraceparentFromClientToServerDespiteBootsTestDefaults() {
		String receivedTraceparent = get("/traceparent");

		List<SpanData> finished = this.spans.awaitCount(3);
		SpanData client = assertThat(finished).span("http get", SpanKind.CLIENT).isRoot().span();
		SpanData server = assertThat(finished).span("http get /traceparent", SpanKind.SERVER).isChildOf(client).span();
		// Version 00, the client span as parent; flags 01 (sampled), or 03 when the SDK also marks the id random.
		assertThat(receivedTraceparent).matches("00-" + client.getTraceId() + "-" + client.getSpanId() + "-0[13]");
		assertThat(finished).hasExactlyOneTrace()
			.hasSize(3)
			.hasParentChild("http get", "http get /traceparent")
			.span("render.traceparent")
			.hasKind(SpanKind.INTERNAL)
			.isChildOf(server);
	}

	@Test
	void keepsTracingExportAndPropagationOn(@Autowired Environment environment,
			@Autowired ContextPropagators propagators) {
		assertThat(environment.getProperty("management.tracing.export.enabled")).isNull();
		assertThat(propagators.getTextMapPropagator().fields()).contains("traceparent");
	}

	@Test
	void samplesEveryTrace() {
		IntStream.range(0, 20).forEach((i) -> this.checkout.step("step-" + i));

		assertThat(this.spans.awaitCount(20)).hasSize(20).hasTraceCount(20);
	}

	private String get(String path) {
		RestClient client = this.restClientBuilder.baseUrl("http://localhost:" + this.port).build();
		return client.get().uri(path).retrieve().body(String.class);
	}

}
