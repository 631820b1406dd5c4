package dev.tracewire.actuate;

import dev.tracewire.context.LostContextRecorder;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint over HTTP in a real application, with the actuator exposing it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tracewire",
				"tracewire.redaction.patterns=EMP-[0-9]+" })
@TracewireTest
class TracewireEndpointTests {

	@LocalServerPort
	int port;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	LostContextRecorder lostContextRecorder;

	@Autowired
	SdkTracerProvider tracerProvider;

	@Test
	void reportsSamplingRedactionPropagationAndLoss() {
		Observation.createNotStarted("work", this.observationRegistry).observe(() -> {
		});
		this.lostContextRecorder.recordLost("test.boundary");
		String body = RestClient.create()
			.get()
			.uri("http://localhost:" + this.port + "/actuator/tracewire")
			.retrieve()
			.body(String.class);
		assertThat(body).contains("\"sampler\":\"TracewireSampler{", "skipPaths=[/actuator/**]",
				"\"sensitiveQueryParameters\":[\"X-Amz-Signature\"", "\"patterns\":1",
				"HardenedTextMapPropagator", "\"started\":", "\"dropped.queue_full\":",
				"\"traces\":{", "\"sampled\":", "\"kept-error\":0.0",
				"\"lostContexts\":{\"test.boundary\":1.0}");
		assertThat(body).as("patterns are counted, not shown").doesNotContain("EMP-");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EndpointApplication {

	}

}
