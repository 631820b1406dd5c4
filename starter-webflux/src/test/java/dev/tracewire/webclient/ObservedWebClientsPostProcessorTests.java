package dev.tracewire.webclient;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

class ObservedWebClientsPostProcessorTests {

	private final ObservationRegistry registry = WebClientTracingAutoConfigurationTests.activeRegistry();

	private final ObservedWebClientsPostProcessor postProcessor = new ObservedWebClientsPostProcessor(
			() -> this.registry, DefaultClientRequestObservationConvention::new, Set.of("excluded"));

	@Test
	void tracedCopyKeepsBaseUrlHeadersAndFilters() {
		AtomicReference<ClientRequest> sent = new AtomicReference<>();
		WebClient plain = WebClient.builder()
			.baseUrl("http://inventory.example")
			.defaultHeader("x-tenant", "acme")
			.filter((request, next) -> next.exchange(ClientRequest.from(request).header("x-filtered", "yes").build()))
			.exchangeFunction((request) -> {
				sent.set(request);
				return Mono.just(ClientResponse.create(HttpStatus.OK).build());
			})
			.build();
		WebClient traced = (WebClient) this.postProcessor.postProcessAfterInitialization(plain, "plain");
		assertThat(traced).isNotSameAs(plain);
		assertThat(ObservedWebClientsPostProcessor.isObserved(traced)).isTrue();
		traced.get().uri("/stock").retrieve().toBodilessEntity().block();
		assertThat(sent.get().url()).hasToString("http://inventory.example/stock");
		assertThat(sent.get().headers().getFirst("x-tenant")).isEqualTo("acme");
		assertThat(sent.get().headers().getFirst("x-filtered")).isEqualTo("yes");
	}

	@Test
	void givesAnUntracedBuilderBeanTheRegistry() {
		WebClient.Builder builder = WebClient.builder().baseUrl("http://inventory.example");
		assertThat(this.postProcessor.postProcessAfterInitialization(builder, "builder")).isSameAs(builder);
		assertThat(ObservedWebClientsPostProcessor.isObserved(builder)).isTrue();
		assertThat(ObservedWebClientsPostProcessor.isObserved(builder.build())).isTrue();
	}

	@Test
	void leavesABuilderThatAlreadyObservesWithItsOwnRegistry() {
		List<String> observedByOwn = new CopyOnWriteArrayList<>();
		ObservationRegistry own = ObservationRegistry.create();
		own.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				observedByOwn.add(context.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		WebClient.Builder builder = WebClient.builder()
			.observationRegistry(own)
			.exchangeFunction((request) -> Mono.just(ClientResponse.create(HttpStatus.OK).build()));
		this.postProcessor.postProcessAfterInitialization(builder, "builder");
		builder.build().get().uri("http://inventory.example/stock").retrieve().toBodilessEntity().block();
		assertThat(observedByOwn).containsExactly("http.client.requests");
	}

	@Test
	void leavesAClientThatAlreadyObservesExactlyAsItIs() {
		WebClient observed = WebClient.builder().observationRegistry(this.registry).build();
		assertThat(this.postProcessor.postProcessAfterInitialization(observed, "observed")).isSameAs(observed);
	}

	@Test
	void isIdempotent() {
		Object traced = this.postProcessor.postProcessAfterInitialization(WebClient.create(), "plain");
		assertThat(this.postProcessor.postProcessAfterInitialization(traced, "plain")).isSameAs(traced);
	}

	@Test
	void leavesExcludedBeansProxiesAndOtherBeansAlone() {
		WebClient excluded = WebClient.create();
		assertThat(this.postProcessor.postProcessAfterInitialization(excluded, "excluded")).isSameAs(excluded);
		Object proxy = new ProxyFactory(WebClient.create()).getProxy();
		assertThat(this.postProcessor.postProcessAfterInitialization(proxy, "proxied")).isSameAs(proxy);
		Object other = "not a client";
		assertThat(this.postProcessor.postProcessAfterInitialization(other, "other")).isSameAs(other);
	}

	@Test
	void leavesClientsAloneWithoutAnActiveRegistry() {
		WebClient plain = WebClient.create();
		ObservedWebClientsPostProcessor withoutRegistry = new ObservedWebClientsPostProcessor(
				() -> ObservationRegistry.NOOP, DefaultClientRequestObservationConvention::new, Set.of());
		assertThat(withoutRegistry.postProcessAfterInitialization(plain, "plain")).isSameAs(plain);
	}

}
