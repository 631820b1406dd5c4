package dev.tracewire.testapp;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The route the golden span test pins: a server span that calls {@link ServerSpansController} with a
 * {@code WebClient.create()} bean (a secret in the query) and then {@link LeafController} with a
 * {@link RestTemplate} on a blocking thread; and the same with a failing downstream.
 */
@RestController
public class GoldenController {

	private final WebClient webClient;

	private final RestTemplate restTemplate;

	private final Environment environment;

	public GoldenController(@Qualifier("plainWebClient") WebClient webClient, RestTemplate restTemplate,
			Environment environment) {
		this.webClient = webClient;
		this.restTemplate = restTemplate;
		this.environment = environment;
	}

	@GetMapping("/golden/orders/{id}")
	Mono<String> order(@PathVariable String id) {
		return this.webClient.get()
			.uri(baseUrl() + "/items/{id}?access_token=secret", id)
			.retrieve()
			.bodyToMono(String.class)
			.flatMap((item) -> Mono.fromCallable(() -> this.restTemplate.getForObject(leafUrl(), String.class))
				.subscribeOn(Schedulers.boundedElastic())
				.map((leaf) -> item));
	}

	@GetMapping("/golden/orders/{id}/failure")
	Mono<String> failure(@PathVariable String id) {
		return this.webClient.get()
			.uri(baseUrl() + "/items/{id}/failure", id)
			.retrieve()
			.bodyToMono(String.class);
	}

	private String leafUrl() {
		return baseUrl() + "/leaf";
	}

	private String baseUrl() {
		return "http://localhost:" + this.environment.getRequiredProperty("local.server.port");
	}

}
