package dev.tracewire.hotpath;

import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The two request paths of the macro benchmark ({@code bench/macro}) that run in one WebFlux application without a
 * broker or a database: {@code GET /hello} (S1) and the HTTP part of the checkout chain (S3): a WebClient call to
 * {@code /order}, which calls {@code /price} with a RestTemplate on {@code boundedElastic}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class HotPathApplication {

	// Boot has no RestTemplateBuilder in a reactive application; the macro benchmark's application does the same.
	@Bean
	RestTemplate hotPathRestTemplate(ObservationRegistry registry) {
		RestTemplate restTemplate = new RestTemplate();
		restTemplate.setObservationRegistry(registry);
		return restTemplate;
	}

	// Registered as a member class of this configuration.
	@RestController
	static class HotPathController {

		private final WebClient.Builder builder;

		private final RestTemplate restTemplate;

		private final Environment environment;

		private volatile WebClient webClient;

		HotPathController(WebClient.Builder builder, RestTemplate restTemplate, Environment environment) {
			this.builder = builder;
			this.restTemplate = restTemplate;
			this.environment = environment;
		}

		@GetMapping("/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

		@GetMapping("/checkout")
		Mono<String> checkout() {
			return webClient().get().uri("/order").retrieve().bodyToMono(String.class);
		}

		@GetMapping("/order")
		Mono<String> order() {
			String url = baseUrl() + "/price";
			return Mono.fromCallable(() -> this.restTemplate.getForObject(url, String.class))
				.subscribeOn(Schedulers.boundedElastic())
				.map((price) -> "order at " + price);
		}

		@GetMapping("/price")
		Mono<String> price() {
			return Mono.just("42");
		}

		private WebClient webClient() {
			WebClient client = this.webClient;
			if (client == null) {
				client = this.builder.baseUrl(baseUrl()).build();
				this.webClient = client;
			}
			return client;
		}

		private String baseUrl() {
			return "http://localhost:" + this.environment.getRequiredProperty("local.server.port");
		}

	}

}
