package dev.tracewire.http.client;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

import static dev.tracewire.test.TracewireAssertions.assertThat;

/**
 * With our client tracing switched off, Boot's own builder-based tracing still works: our auto-configurations
 * must never change the order in which Boot's run (naming Boot's observation auto-configuration in "after" once
 * pulled it ahead of the builder it silently relies on, and Boot's RestTemplates went untraced).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tracewire.http-clients.enabled=false")
@TracewireTest
class BootBuilderClientsUnaffectedTests {

	@LocalServerPort
	int port;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	TestSpans spans;

	@Autowired
	RestTemplate builtRestTemplate;

	@Test
	void restTemplateFromBootsBuilderIsStillTracedByBoot() {
		Observation.createNotStarted("caller", this.observationRegistry)
			.observe(() -> this.builtRestTemplate.getForObject("http://localhost:" + this.port + "/ping", String.class));
		assertThat(this.spans.awaitCount(3)).hasExactlyOneTrace()
			.hasSpan("http get", SpanKind.CLIENT)
			.hasParentChild("caller", "http get")
			.hasParentChild("http get", "http get /ping");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BuilderApplication {

		@Bean
		RestTemplate builtRestTemplate(RestTemplateBuilder builder) {
			return builder.build();
		}

		@Bean
		PingController pingController() {
			return new PingController();
		}

	}

	@RestController
	static class PingController {

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

	}

}
