package dev.tracewire.propagation;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The header corpus against a WebFlux application on Reactor Netty, calling out with a {@code WebClient}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				// What tracewire-starter-webflux sets by default: without it, baggage does not reach the WebClient.
				"spring.reactor.context-propagation=auto" })
class ReactiveHeaderCorpusTests extends AbstractHeaderCorpusTests {

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ReactiveCorpusApplication {

		@Bean
		CorpusController corpusController(WebClient.Builder builder) {
			return new CorpusController(builder);
		}

	}

	@RestController
	static class CorpusController {

		private final WebClient.Builder builder;

		CorpusController(WebClient.Builder builder) {
			this.builder = builder;
		}

		@GetMapping("/corpus")
		Mono<String> corpus(ServerHttpRequest request) {
			return this.builder.build()
				.get()
				.uri("http://localhost:" + request.getLocalAddress().getPort() + "/sink")
				.retrieve()
				.bodyToMono(String.class);
		}

		@GetMapping("/sink")
		String sink(ServerHttpRequest request) {
			return render(lines(request, "traceparent"), lines(request, "tracestate"), lines(request, "baggage"));
		}

		private static List<String> lines(ServerHttpRequest request, String name) {
			List<String> values = request.getHeaders().get(name);
			return (values != null) ? values : List.of();
		}

	}

}
