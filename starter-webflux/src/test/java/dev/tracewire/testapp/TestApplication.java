package dev.tracewire.testapp;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The WebFlux application most tests run against (Reactor Netty on a random port). Tests that use it with the
 * same properties share one Spring context.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ MatrixController.class, LeafController.class, ServerSpansController.class, AnnotationsController.class,
		CancellationController.class, SoakController.class, GoldenController.class })
public class TestApplication {

	/**
	 * Turns on Boot's span aspect (Boot's own switch), for the annotated service.
	 */
	public static final String ANNOTATIONS = "management.observations.annotations.enabled=true";

	/**
	 * A WebClient bean that Tracewire is told to leave alone.
	 */
	public static final String EXCLUDED_WEB_CLIENT = "tracewire.webflux.web-client.excluded-beans=excludedWebClient";

	@Bean
	TracedWork tracedWork(Tracer tracer, ObservationRegistry registry) {
		return new TracedWork(tracer, registry);
	}

	@Bean
	AnnotatedService annotatedService(TracedWork work, WebClient.Builder webClientBuilder, Environment environment) {
		return new AnnotatedService(work, webClientBuilder, environment);
	}

	// Boot has no RestTemplateBuilder in a reactive application; this is how one traces a RestTemplate there.
	@Bean
	RestTemplate observedRestTemplate(ObservationRegistry registry) {
		RestTemplate restTemplate = new RestTemplate();
		restTemplate.setObservationRegistry(registry);
		return restTemplate;
	}

	@Bean
	SpanLifecycleCounter spanLifecycleCounter() {
		return new SpanLifecycleCounter();
	}

	@Bean
	WebClient plainWebClient() {
		return WebClient.create();
	}

	@Bean
	WebClient excludedWebClient() {
		return WebClient.create();
	}

	@Bean
	WebClient builtWebClient(WebClient.Builder builder) {
		return builder.build();
	}

	@Bean
	RouterFunction<ServerResponse> functionalRoutes() {
		return RouterFunctions.route()
			.GET("/fn/items/{id}", (request) -> ServerResponse.ok().bodyValue("item " + request.pathVariable("id")))
			.build();
	}

}
