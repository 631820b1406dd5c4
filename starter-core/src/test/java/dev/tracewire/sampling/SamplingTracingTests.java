package dev.tracewire.sampling;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sampling decisions on real requests and observations: the default skip of {@code /actuator/**}, rules by path
 * and by observation name, and a caller's sampled flag that cannot override "never".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tracewire.sampling.rules[0].path=/internal/**", "tracewire.sampling.rules[0].probability=0",
				"tracewire.sampling.rules[1].observation=noisy.*", "tracewire.sampling.rules[1].probability=0" })
@TracewireTest
class SamplingTracingTests {

	private static final String CALLER_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Autowired
	ObservationRegistry observationRegistry;

	@Test
	void ordinaryRequestIsSampledAndItsWorkToo() {
		get("/shop", null);
		assertThat(this.spans.awaitCount(2)).hasExactlyOneTrace().hasParentChild("http get /shop", "work");
	}

	@Test
	void actuatorRequestIsNeverSampledEvenWhenTheCallerSampled() {
		get("/actuator/probe", CALLER_TRACEPARENT);
		get("/actuator/probe", null);
		// A request after them proves the server finished its work; nothing of the probes was captured.
		get("/shop", null);
		assertThat(this.spans.awaitCount(2)).hasSize(2).hasExactlyOneTrace().hasParentChild("http get /shop", "work");
	}

	@Test
	void pathRuleOfProbabilityZeroDropsTheRequestAndEverythingUnderIt() {
		get("/internal/job", CALLER_TRACEPARENT);
		get("/shop", null);
		assertThat(this.spans.awaitCount(2)).hasSize(2).hasSpan("http get /shop", SpanKind.SERVER);
	}

	@Test
	void callerSampledRequestIsContinued() {
		get("/shop", CALLER_TRACEPARENT);
		assertThat(this.spans.awaitSpan("http get /shop", SpanKind.SERVER))
			.hasTraceId("0af7651916cd43dd8448eb211c80319c");
	}

	@Test
	void observationRuleDropsMatchingRootsOnly() {
		Observation.createNotStarted("noisy.poll", this.observationRegistry).observe(() -> {
		});
		Observation.createNotStarted("useful.job", this.observationRegistry).observe(() -> {
		});
		assertThat(this.spans.awaitCount(1)).hasSize(1).hasSpan("useful.job", SpanKind.INTERNAL);
	}

	private void get(String path, String traceparent) {
		RestClient.RequestHeadersSpec<?> request = RestClient.create().get().uri("http://localhost:" + this.port + path);
		if (traceparent != null) {
			request = request.header("traceparent", traceparent);
		}
		assertThat(request.retrieve().body(String.class)).isEqualTo("ok");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SamplingApplication {

		@Bean
		WorkController workController(ObservationRegistry observationRegistry) {
			return new WorkController(observationRegistry);
		}

	}

	@RestController
	static class WorkController {

		private final ObservationRegistry observationRegistry;

		WorkController(ObservationRegistry observationRegistry) {
			this.observationRegistry = observationRegistry;
		}

		@GetMapping({ "/shop", "/actuator/probe", "/internal/job" })
		String work() {
			Observation.createNotStarted("work", this.observationRegistry).observe(() -> {
			});
			return "ok";
		}

	}

}
