package dev.tracewire.http.client.autoconfigure;

import java.util.Set;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.autoconfigure.TracewireBinding;
import dev.tracewire.http.client.ObservedHttpClientsPostProcessor;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.web.client.RestTemplate;

/**
 * Traces {@code RestTemplate} and {@code RestClient} beans that Spring Boot's builders did not make, with the
 * observation name and convention Boot would have used.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnTracewireEnabled("http-clients")
@ConditionalOnClass({ RestTemplate.class, ObservationRegistry.class })
@EnableConfigurationProperties(HttpClientsProperties.class)
// Sorted last, so that naming Boot's classes in "after" never pulls them ahead of classes they silently rely on.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public final class HttpClientsTracingAutoConfiguration {

	private static final String OBSERVATION_NAME_KEY = "management.observations.http.client.requests.name";

	private static final String DEFAULT_OBSERVATION_NAME = "http.client.requests";

	// static: a post-processor must not pull its configuration class into early initialisation.
	@Bean
	@ConditionalOnMissingBean
	static ObservedHttpClientsPostProcessor observedHttpClientsPostProcessor(
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ClientRequestObservationConvention> customConvention, Environment environment) {
		String name = environment.getProperty(OBSERVATION_NAME_KEY, DEFAULT_OBSERVATION_NAME);
		Set<String> excludedBeans = TracewireBinding.excludedBeans(environment, HttpClientsProperties.PREFIX);
		return new ObservedHttpClientsPostProcessor(observationRegistry::getIfAvailable,
				() -> customConvention.getIfAvailable(() -> new DefaultClientRequestObservationConvention(name)),
				excludedBeans);
	}

}
