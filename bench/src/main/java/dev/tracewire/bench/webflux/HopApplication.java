package dev.tracewire.bench.webflux;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code GET /hop}: a {@code publishOn} hop, then one WebClient call to {@code GET /downstream} on the same
 * server. The variants (untraced, Boot's tracing, Tracewire) are chosen with command-line properties by
 * {@code bench/load/webflux.sh}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class HopApplication {

	public static void main(String[] args) {
		SpringApplication.run(HopApplication.class, args);
	}

	@RestController
	static class HopController {

		private final WebClient.Builder builder;

		private final ApplicationContext context;

		private WebClient client;

		HopController(WebClient.Builder builder, ApplicationContext context) {
			this.builder = builder;
			this.context = context;
		}

		@GetMapping("/hop")
		Mono<String> hop() {
			return Mono.just("hop").publishOn(Schedulers.parallel()).flatMap((ignored) -> client()
				.get()
				.uri("/downstream")
				.retrieve()
				.bodyToMono(String.class));
		}

		@GetMapping("/downstream")
		Mono<String> downstream() {
			return Mono.just("ok");
		}

		private WebClient client() {
			WebClient client = this.client;
			if (client == null) {
				int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
				client = this.builder.baseUrl("http://127.0.0.1:" + port).build();
				this.client = client;
			}
			return client;
		}

	}

}
