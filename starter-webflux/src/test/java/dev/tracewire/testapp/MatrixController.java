package dev.tracewire.testapp;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One endpoint per {@link Boundary}: each crosses its boundary, then runs {@link TracedWork} and returns what the
 * work saw. The clients are traced the same way with and without Tracewire (the WebClient comes from Boot's
 * builder, the RestTemplate is given the registry), so that only context propagation is under test.
 */
@RestController
public class MatrixController {

	private final TracedWork work;

	private final WebClient.Builder webClientBuilder;

	private final RestTemplate restTemplate;

	private final Environment environment;

	// Not a bean: Tracewire's executor wrapping must not help the boundaries under test.
	private final ExecutorService foreignThreads = Executors.newFixedThreadPool(2);

	private volatile WebClient webClient;

	public MatrixController(TracedWork work, WebClient.Builder webClientBuilder, RestTemplate restTemplate,
			Environment environment) {
		this.work = work;
		this.webClientBuilder = webClientBuilder;
		this.restTemplate = restTemplate;
		this.environment = environment;
	}

	@PreDestroy
	void shutdown() {
		this.foreignThreads.shutdownNow();
	}

	@GetMapping("/matrix/publish_on")
	Flux<Observed> publishOn() {
		return Flux.just(1).publishOn(Schedulers.parallel()).map((i) -> this.work.run());
	}

	@GetMapping("/matrix/subscribe_on")
	Flux<Observed> subscribeOn() {
		return Mono.fromSupplier(this.work::run).subscribeOn(Schedulers.parallel()).flux();
	}

	@GetMapping("/matrix/flat_map_with_concurrency")
	Flux<Observed> flatMapWithConcurrency() {
		return Flux.range(0, 8)
			.flatMap((i) -> Mono.fromSupplier(this.work::run).subscribeOn(Schedulers.parallel()), 4);
	}

	@GetMapping("/matrix/concat_map")
	Flux<Observed> concatMap() {
		return Flux.range(0, 3).concatMap((i) -> Mono.delay(Duration.ofMillis(2)).map((tick) -> this.work.run()));
	}

	@GetMapping("/matrix/mono_delay")
	Flux<Observed> monoDelay() {
		return Mono.delay(Duration.ofMillis(5)).map((tick) -> this.work.run()).flux();
	}

	@GetMapping("/matrix/flux_interval")
	Flux<Observed> fluxInterval() {
		// Collected, so that the ticks never wait for the response writer's demand (interval cannot be slowed).
		return Flux.interval(Duration.ofMillis(2))
			.take(3)
			.map((tick) -> this.work.run())
			.collectList()
			.flatMapIterable((all) -> all);
	}

	@GetMapping("/matrix/parallel_run_on")
	Flux<Observed> parallelRunOn() {
		return Flux.range(0, 4).parallel(2).runOn(Schedulers.parallel()).map((i) -> this.work.run()).sequential();
	}

	@GetMapping("/matrix/timeout")
	Flux<Observed> timeout() {
		return Mono.delay(Duration.ofSeconds(5))
			.map((tick) -> this.work.run())
			.timeout(Duration.ofMillis(10), Mono.fromSupplier(this.work::run))
			.flux();
	}

	@GetMapping("/matrix/retry_when")
	Flux<Observed> retryWhen() {
		AtomicInteger attempts = new AtomicInteger();
		return Mono.defer(() -> (attempts.incrementAndGet() < 3) ? Mono.<Observed>error(new IllegalStateException())
				: Mono.fromSupplier(this.work::run))
			.retryWhen(Retry.fixedDelay(3, Duration.ofMillis(2)))
			.flux();
	}

	@GetMapping("/matrix/on_error_resume")
	Flux<Observed> onErrorResume() {
		return Mono.delay(Duration.ofMillis(2))
			.then(Mono.<Observed>error(new IllegalStateException("expected")))
			.onErrorResume((ex) -> Mono.fromSupplier(this.work::run))
			.flux();
	}

	@GetMapping("/matrix/mono_from_future")
	Flux<Observed> monoFromFuture() {
		Executor later = CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS, this.foreignThreads);
		return Mono.fromFuture(() -> CompletableFuture.supplyAsync(() -> "done", later))
			.map((value) -> this.work.run())
			.flux();
	}

	@GetMapping("/matrix/from_callable_on_bounded_elastic")
	Flux<Observed> fromCallableOnBoundedElastic() {
		return Mono.fromCallable(() -> {
			Thread.sleep(5);
			return this.work.run();
		}).subscribeOn(Schedulers.boundedElastic()).flux();
	}

	@GetMapping("/matrix/sinks_emission_from_other_thread")
	Flux<Observed> sinksEmissionFromOtherThread() {
		Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
		this.foreignThreads.execute(() -> {
			sleep(5);
			sink.tryEmitNext(1);
			sink.tryEmitComplete();
		});
		return sink.asFlux().map((i) -> this.work.run());
	}

	@GetMapping("/matrix/zip_of_two_web_client_calls")
	Flux<Observed> zipOfTwoWebClientCalls() {
		WebClient client = webClient();
		return Mono
			.zip(client.get().uri("/leaf").retrieve().bodyToMono(String.class),
					client.get().uri("/leaf").retrieve().bodyToMono(String.class))
			.map((both) -> this.work.run())
			.flux();
	}

	@GetMapping("/matrix/defer_and_switch_if_empty")
	Flux<Observed> deferAndSwitchIfEmpty() {
		return Mono.defer(() -> Mono.delay(Duration.ofMillis(2)).then(Mono.<Observed>empty()))
			.switchIfEmpty(Mono.defer(() -> Mono.fromSupplier(this.work::run)))
			.flux();
	}

	@GetMapping("/matrix/rest_template_in_from_callable")
	Flux<Observed> restTemplateInFromCallable() {
		String url = baseUrl() + "/leaf";
		return Mono.fromCallable(() -> this.restTemplate.getForObject(url, String.class))
			.subscribeOn(Schedulers.boundedElastic())
			.map((body) -> this.work.run())
			.flux();
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
		return "http://localhost:" + this.environment.getRequiredProperty("local.server.port");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
