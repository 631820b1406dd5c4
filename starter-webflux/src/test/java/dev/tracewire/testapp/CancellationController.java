package dev.tracewire.testapp;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Endpoints that cancel work in flight: a {@code timeout()}, a {@code take(1)}, and a slow call the client gives
 * up on.
 */
@RestController
public class CancellationController {

	private final WebClient.Builder webClientBuilder;

	private final Environment environment;

	public CancellationController(WebClient.Builder webClientBuilder, Environment environment) {
		this.webClientBuilder = webClientBuilder;
		this.environment = environment;
	}

	@GetMapping("/cancel/timeout")
	Mono<String> timeout() {
		return leaf(2000).timeout(Duration.ofMillis(20), Mono.just("timed out"));
	}

	@GetMapping("/cancel/take")
	Mono<String> take() {
		// The first call answers after the others are in flight; take(1) then cancels those four.
		return Flux.range(0, 5).flatMap((i) -> leaf((i == 0) ? 100 : 2000)).take(1).single();
	}

	@GetMapping("/cancel/slow")
	Mono<String> slow() {
		return leaf(2000);
	}

	private Mono<String> leaf(long delayMillis) {
		return this.webClientBuilder.baseUrl("http://localhost:" + this.environment.getProperty("local.server.port"))
			.build()
			.get()
			.uri("/leaf?delayMillis={delay}", delayMillis)
			.retrieve()
			.bodyToMono(String.class);
	}

}
