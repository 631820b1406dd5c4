package dev.tracewire.webclient;

import dev.tracewire.sampling.DeferredKeepSpanProcessor;
import dev.tracewire.sampling.KeepSignals;
import dev.tracewire.webclient.autoconfigure.WebClientTracingAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

class WebClientTracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebClientTracingAutoConfiguration.class))
		.withUserConfiguration(ClientsConfiguration.class);

	@Test
	void suppliesPostProcessorThatTracesPlainClients() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ObservedWebClientsPostProcessor.class);
			assertThat(ObservedWebClientsPostProcessor.isObserved(context.getBean("plainWebClient", WebClient.class)))
				.isTrue();
		});
	}

	@Test
	void backsOffForUserPostProcessor() {
		this.runner.withUserConfiguration(UserPostProcessorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ObservedWebClientsPostProcessor.class).hasBean("userPostProcessor");
			assertThat(ObservedWebClientsPostProcessor.isObserved(context.getBean("plainWebClient", WebClient.class)))
				.isFalse();
		});
	}

	@Test
	void isOffByModuleProperty() {
		this.runner.withPropertyValues("tracewire.webflux.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ObservedWebClientsPostProcessor.class);
			assertThat(ObservedWebClientsPostProcessor.isObserved(context.getBean("plainWebClient", WebClient.class)))
				.isFalse();
		});
	}

	@Test
	void isOffByGlobalProperty() {
		this.runner.withPropertyValues("tracewire.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservedWebClientsPostProcessor.class));
	}

	@Test
	void isSkippedWithoutWebClient() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ObservedWebClientsPostProcessor.class));
	}

	@Test
	void leavesExcludedBeansAlone() {
		this.runner.withPropertyValues("tracewire.webflux.web-client.excluded-beans=plainWebClient")
			.run((context) -> assertThat(
					ObservedWebClientsPostProcessor.isObserved(context.getBean("plainWebClient", WebClient.class)))
				.isFalse());
	}

	@Test
	void readsCalleesTraceResponseOnEveryClientWhenTracesAreKept() {
		this.runner.withBean(KeepSignals.class, () -> new KeepSignals(true, DeferredKeepSpanProcessor.Outcomes.NONE))
			.run((context) -> {
				assertThat(context).hasBean("tracewireTraceResponseWebClientCustomizer");
				WebClient.Builder builder = WebClient.builder();
				context.getBean(WebClientCustomizer.class).customize(builder);
				builder.filters((filters) -> assertThat(filters).singleElement()
					.isInstanceOf(TraceResponseExchangeFilter.class));
				// A client Boot's builder did not make gets the filter with its observation registry.
				WebClient plain = context.getBean("plainWebClient", WebClient.class);
				plain.mutate().filters((filters) -> assertThat(filters).singleElement()
					.isInstanceOf(TraceResponseExchangeFilter.class));
			});
	}

	@Test
	void addsNoFilterWithoutDeferredKeep() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(WebClientCustomizer.class);
			context.getBean("plainWebClient", WebClient.class)
				.mutate()
				.filters((filters) -> assertThat(filters).isEmpty());
		});
	}

	/**
	 * A registry without handlers counts as no-op; give it one.
	 */
	static ObservationRegistry activeRegistry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler((context) -> true);
		return registry;
	}

	@Configuration(proxyBeanMethods = false)
	static class ClientsConfiguration {

		@Bean
		ObservationRegistry observationRegistry() {
			return activeRegistry();
		}

		@Bean
		WebClient plainWebClient() {
			return WebClient.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPostProcessorConfiguration {

		@Bean
		static ObservedWebClientsPostProcessor userPostProcessor() {
			return new ObservedWebClientsPostProcessor(() -> null,
					org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention::new,
					java.util.Set.of());
		}

	}

}
