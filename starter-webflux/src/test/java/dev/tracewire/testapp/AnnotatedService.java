package dev.tracewire.testapp;

import java.time.Duration;

import io.micrometer.tracing.annotation.ContinueSpan;
import io.micrometer.tracing.annotation.NewSpan;
import io.micrometer.tracing.annotation.SpanTag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Reactive (and one imperative) methods with Micrometer's span annotations.
 */
public class AnnotatedService {

	private final TracedWork work;

	private final WebClient.Builder webClientBuilder;

	private final Environment environment;

	public AnnotatedService(TracedWork work, WebClient.Builder webClientBuilder, Environment environment) {
		this.work = work;
		this.webClientBuilder = webClientBuilder;
		this.environment = environment;
	}

	@NewSpan("reactive-lookup")
	public Mono<Observed> lookup(@SpanTag("item") String item) {
		return Mono.delay(Duration.ofMillis(20)).map((tick) -> this.work.run());
	}

	@NewSpan
	public Mono<String> lookupRemotely() {
		return this.webClientBuilder.baseUrl("http://localhost:" + this.environment.getProperty("local.server.port"))
			.build()
			.get()
			.uri("/leaf")
			.retrieve()
			.bodyToMono(String.class);
	}

	@NewSpan("failing-lookup")
	public Mono<String> failingLookup() {
		return Mono.delay(Duration.ofMillis(1)).then(Mono.error(new IllegalStateException("lookup failed")));
	}

	@NewSpan("ticks")
	public Flux<Long> ticks() {
		return Flux.interval(Duration.ofMillis(2));
	}

	@ContinueSpan(log = "audit")
	public Mono<Observed> audit(@SpanTag("who") String who) {
		return Mono.fromSupplier(this.work::run).subscribeOn(Schedulers.parallel());
	}

	@NewSpan("blocking-lookup")
	public String blockingLookup() {
		return "blocking";
	}

}
