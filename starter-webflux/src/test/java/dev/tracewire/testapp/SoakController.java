package dev.tracewire.testapp;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The soak route: hops to the parallel scheduler, runs a blocking step on boundedElastic, calls the leaf service
 * and hops again, and answers with what it saw of the trace at each step.
 */
@RestController
public class SoakController {

	private final Tracer tracer;

	private final WebClient.Builder webClientBuilder;

	private final Environment environment;

	private volatile WebClient webClient;

	public SoakController(Tracer tracer, WebClient.Builder webClientBuilder, Environment environment) {
		this.tracer = tracer;
		this.webClientBuilder = webClientBuilder;
		this.environment = environment;
	}

	/**
	 * Answers {@code <current-span trace id> <MDC trace id> <traceparent the leaf received> <current-span trace id
	 * after the call> <MDC trace id after the call>}.
	 * @param leafDelayMillis how long the leaf service takes
	 * @return the answer
	 */
	@GetMapping("/soak")
	Mono<String> soak(@RequestParam(defaultValue = "0") long leafDelayMillis) {
		return Mono.just(1)
			.publishOn(Schedulers.parallel())
			.flatMap((i) -> Mono.fromCallable(this::seen).subscribeOn(Schedulers.boundedElastic()))
			.flatMap((seen) -> webClient().get()
				.uri("/leaf?delayMillis={delay}", leafDelayMillis)
				.retrieve()
				.bodyToMono(String.class)
				.map((traceparent) -> seen + " " + traceparent))
			.publishOn(Schedulers.parallel())
			.map((answer) -> answer + " " + seen());
	}

	private String seen() {
		Span current = this.tracer.currentSpan();
		String mdc = MDC.get("traceId");
		return ((current != null) ? current.context().traceId() : "none") + " " + ((mdc != null) ? mdc : "none");
	}

	private WebClient webClient() {
		WebClient client = this.webClient;
		if (client == null) {
			client = this.webClientBuilder
				.baseUrl("http://localhost:" + this.environment.getRequiredProperty("local.server.port"))
				.build();
			this.webClient = client;
		}
		return client;
	}

}
