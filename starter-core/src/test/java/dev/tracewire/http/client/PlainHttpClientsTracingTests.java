package dev.tracewire.http.client;

import java.util.function.Function;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RestTemplate and RestClient beans created without Boot's builders send {@code traceparent} and produce CLIENT
 * spans, in a servlet application without WebFlux on the classpath.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tracewire.http-clients.excluded-beans=excludedRestTemplate")
@TracewireTest
class PlainHttpClientsTracingTests {

	@LocalServerPort
	int port;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	TestSpans spans;

	@Autowired
	@Qualifier("plainRestTemplate")
	RestTemplate plainRestTemplate;

	@Autowired
	@Qualifier("builtRestTemplate")
	RestTemplate builtRestTemplate;

	@Autowired
	@Qualifier("excludedRestTemplate")
	RestTemplate excludedRestTemplate;

	@Autowired
	RestClient plainRestClient;

	@Test
	void newRestTemplateBeanPropagatesAndProducesClientSpan() {
		assertCallContinuesTrace((url) -> this.plainRestTemplate.getForObject(url, String.class));
	}

	@Test
	void restClientCreateBeanPropagatesAndProducesClientSpan() {
		assertCallContinuesTrace((url) -> this.plainRestClient.get().uri(url).retrieve().body(String.class));
	}

	@Test
	void restTemplateFromBootsBuilderIsTracedOnce() {
		assertCallContinuesTrace((url) -> this.builtRestTemplate.getForObject(url, String.class));
	}

	@Test
	void excludedRestTemplateIsLeftAlone() {
		String traceparent = Observation.createNotStarted("caller", this.observationRegistry)
			.observe(() -> this.excludedRestTemplate.getForObject(url(), String.class));
		assertThat(traceparent).isEqualTo("none");
		SpanData server = this.spans.awaitSpan("http get /downstream", SpanKind.SERVER);
		assertThat(server).isRoot();
		assertThat(this.spans.finished()).hasTraceCount(2);
	}

	private void assertCallContinuesTrace(Function<String, @Nullable String> call) {
		String traceparent = Observation.createNotStarted("caller", this.observationRegistry)
			.observe(() -> call.apply(url()));
		SpanData server = this.spans.awaitSpan("http get /downstream", SpanKind.SERVER);
		SpanData caller = this.spans.awaitSpan("caller");
		SpanData client = this.spans.awaitSpan("http get", SpanKind.CLIENT);
		assertThat(this.spans.finished()).hasExactlyOneTrace().hasSize(3);
		assertThat(client).isChildOf(caller).hasAttribute("http.url", url());
		assertThat(server).isChildOf(client);
		// Flags: sampled, plus the W3C level 2 "random" bit that OpenTelemetry sets.
		assertThat(traceparent).matches("00-" + caller.getTraceId() + "-" + client.getSpanId() + "-0[13]");
	}

	private String url() {
		return "http://localhost:" + this.port + "/downstream";
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ClientsApplication {

		@Bean
		RestTemplate plainRestTemplate() {
			return new RestTemplate();
		}

		@Bean
		RestTemplate excludedRestTemplate() {
			return new RestTemplate();
		}

		@Bean
		RestTemplate builtRestTemplate(RestTemplateBuilder builder) {
			return builder.build();
		}

		@Bean
		RestClient plainRestClient() {
			return RestClient.create();
		}

		@Bean
		DownstreamController downstreamController() {
			return new DownstreamController();
		}

	}

	@RestController
	static class DownstreamController {

		@GetMapping("/downstream")
		String downstream(@RequestHeader(name = "traceparent", defaultValue = "none") String traceparent) {
			return traceparent;
		}

	}

}
