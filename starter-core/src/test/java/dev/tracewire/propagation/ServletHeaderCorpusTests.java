package dev.tracewire.propagation;

import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header corpus against a Spring MVC application on Tomcat, calling out with a {@code RestClient}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=servlet")
class ServletHeaderCorpusTests extends AbstractHeaderCorpusTests {

	@Test
	void corpusIsLargeEnough() {
		assertThat(HeaderCorpus.cases()).hasSizeGreaterThanOrEqualTo(150);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServletCorpusApplication {

		@Bean
		CorpusController corpusController(RestClient.Builder builder) {
			return new CorpusController(builder);
		}

	}

	@RestController
	static class CorpusController {

		private final RestClient.Builder builder;

		CorpusController(RestClient.Builder builder) {
			this.builder = builder;
		}

		@GetMapping("/corpus")
		String corpus(HttpServletRequest request) {
			return this.builder.build()
				.get()
				.uri("http://localhost:" + request.getLocalPort() + "/sink")
				.retrieve()
				.body(String.class);
		}

		@GetMapping("/sink")
		String sink(HttpServletRequest request) {
			return render(lines(request, "traceparent"), lines(request, "tracestate"), lines(request, "baggage"));
		}

		private static List<String> lines(HttpServletRequest request, String name) {
			return Collections.list(request.getHeaders(name));
		}

	}

}
