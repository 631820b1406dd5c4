package dev.tracewire.http.client;

import java.util.Set;

import dev.tracewire.http.client.autoconfigure.HttpClientsTracingAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class HttpClientsTracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpClientsTracingAutoConfiguration.class))
		.withUserConfiguration(ClientsConfiguration.class);

	@Test
	void suppliesPostProcessorThatGivesPlainClientsTheRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ObservedHttpClientsPostProcessor.class);
			assertThat(context.getBean("plainRestTemplate", RestTemplate.class).getObservationRegistry())
				.isSameAs(context.getBean(ObservationRegistry.class));
		});
	}

	@Test
	void backsOffForUserPostProcessor() {
		this.runner.withUserConfiguration(UserPostProcessorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ObservedHttpClientsPostProcessor.class);
			assertThat(context).hasBean("userPostProcessor");
		});
	}

	@Test
	void isOffByModuleProperty() {
		this.runner.withPropertyValues("tracewire.http-clients.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ObservedHttpClientsPostProcessor.class);
			assertThat(context.getBean("plainRestTemplate", RestTemplate.class).getObservationRegistry().isNoop())
				.isTrue();
		});
	}

	@Test
	void isOffByGlobalProperty() {
		this.runner.withPropertyValues("tracewire.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservedHttpClientsPostProcessor.class));
	}

	@Test
	void isSkippedWithoutSpringWeb() {
		this.runner.withClassLoader(new FilteredClassLoader(RestTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ObservedHttpClientsPostProcessor.class));
	}

	@Test
	void leavesExcludedBeansAlone() {
		this.runner.withPropertyValues("tracewire.http-clients.excluded-beans=plainRestTemplate")
			.run((context) -> assertThat(
					context.getBean("plainRestTemplate", RestTemplate.class).getObservationRegistry().isNoop())
				.isTrue());
	}

	@Test
	void keepsARegistryTheUserAlreadySet() {
		ObservationRegistry own = activeRegistry();
		RestTemplate restTemplate = new RestTemplate();
		restTemplate.setObservationRegistry(own);
		ObservedHttpClientsPostProcessor postProcessor = new ObservedHttpClientsPostProcessor(
				HttpClientsTracingAutoConfigurationTests::activeRegistry,
				org.springframework.http.client.observation.DefaultClientRequestObservationConvention::new, Set.of());
		postProcessor.postProcessAfterInitialization(restTemplate, "restTemplate");
		assertThat(restTemplate.getObservationRegistry()).isSameAs(own);
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
		RestTemplate plainRestTemplate() {
			return new RestTemplate();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPostProcessorConfiguration {

		@Bean
		static ObservedHttpClientsPostProcessor userPostProcessor() {
			return new ObservedHttpClientsPostProcessor(() -> null,
					org.springframework.http.client.observation.DefaultClientRequestObservationConvention::new,
					Set.of());
		}

	}

}
