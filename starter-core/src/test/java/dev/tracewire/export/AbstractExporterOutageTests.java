package dev.tracewire.export;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.tracewire.test.TracewireTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A collector that is down never costs a request, and every span lost on the way is counted: once the export
 * queue has drained, spans ended = spans exported + spans dropped.
 */
@TracewireTest
abstract class AbstractExporterOutageTests {

	static final String EXPORT_PROPERTIES = "management.opentelemetry.tracing.export.max-queue-size=20";

	static final int REQUESTS = 200;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	SdkTracerProvider tracerProvider;

	@Test
	void requestsKeepSucceedingAndEveryLostSpanIsCounted() {
		RestClient client = RestClient.create();
		for (int i = 0; i < REQUESTS; i++) {
			assertThat(client.get().uri("http://localhost:" + this.port + "/work").retrieve().body(String.class))
				.isEqualTo("done");
		}
		this.tracerProvider.forceFlush().join(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(count(SpanLossMeters.EXPORTED) + count(SpanLossMeters.DROPPED))
				.isEqualTo(count(SpanLossMeters.ENDED)));
		// Each request: a server span and one inner observation.
		assertThat(count(SpanLossMeters.ENDED)).isGreaterThanOrEqualTo(2.0 * REQUESTS);
		assertThat(count(SpanLossMeters.STARTED)).isEqualTo(count(SpanLossMeters.ENDED));
		assertThat(count(SpanLossMeters.EXPORTED)).as("nothing reached a collector that is down").isZero();
		assertDrops();
	}

	abstract void assertDrops();

	double count(String name) {
		return this.meterRegistry.find(name).counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	double dropped(String reason) {
		return this.meterRegistry.find(SpanLossMeters.DROPPED)
			.tag("reason", reason)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class OutageApplication {

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

		@GetMapping("/work")
		String work() {
			Observation.createNotStarted("inner", this.observationRegistry).observe(() -> {
			});
			return "done";
		}

	}

}
