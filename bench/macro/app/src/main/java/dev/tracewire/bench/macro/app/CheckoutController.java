package dev.tracewire.bench.macro.app;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * S3: {@code GET /checkout} (the gateway) calls {@code GET /service/order} (the service) with WebClient; the
 * service asks {@code GET /service/price} with RestTemplate on {@code boundedElastic}, then sends the order with
 * {@code KafkaTemplate.send} and answers once the broker has acknowledged it; {@link OrderListener} inserts it into
 * PostgreSQL. Gateway and service are endpoints of this one application so that all of the chain's CPU is on the
 * application's core and in one process's counters. The WebClient comes from Boot's builder; the RestTemplate is
 * {@link ClientsConfiguration}'s bean.
 */
@RestController
class CheckoutController {

	private final BenchCounters counters;

	private final WebClient.Builder webClientBuilder;

	private final RestTemplate restTemplate;

	private final KafkaTemplate<String, String> kafka;

	private final ApplicationContext context;

	private final String topic;

	private final AtomicLong ids = new AtomicLong();

	private volatile WebClient webClient;

	private volatile String baseUrl;

	CheckoutController(BenchCounters counters, WebClient.Builder webClientBuilder,
			RestTemplate restTemplate, KafkaTemplate<String, String> kafka, ApplicationContext context,
			@Value("${bench.topic:macro-orders}") String topic) {
		this.counters = counters;
		this.webClientBuilder = webClientBuilder;
		this.restTemplate = restTemplate;
		this.kafka = kafka;
		this.context = context;
		this.topic = topic;
	}

	@GetMapping("/checkout")
	Mono<String> checkout() {
		this.counters.checkout.increment();
		long id = this.ids.incrementAndGet();
		return webClient().get().uri("/service/order?id={id}", id).retrieve().bodyToMono(String.class);
	}

	@GetMapping("/service/order")
	Mono<String> order(@RequestParam long id) {
		return Mono.fromCallable(() -> this.restTemplate.getForObject(baseUrl() + "/service/price?id={id}", String.class, id))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((price) -> Mono.fromFuture(() -> this.kafka.send(this.topic, Long.toString(id), id + ":" + price)))
			.map((result) -> {
				this.counters.sent.increment();
				return "ordered " + id;
			});
	}

	@GetMapping("/service/price")
	String price(@RequestParam long id) {
		return Long.toString(100 + (id % 900));
	}

	private WebClient webClient() {
		WebClient client = this.webClient;
		if (client == null) {
			client = this.webClientBuilder.baseUrl(baseUrl()).build();
			this.webClient = client;
		}
		return client;
	}

	private String baseUrl() {
		String url = this.baseUrl;
		if (url == null) {
			int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
			url = "http://127.0.0.1:" + port;
			this.baseUrl = url;
		}
		return url;
	}

}
