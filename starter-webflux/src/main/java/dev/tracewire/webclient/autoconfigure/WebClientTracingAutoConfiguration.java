package dev.tracewire.webclient.autoconfigure;

import java.util.Set;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.autoconfigure.TracewireBinding;
import dev.tracewire.sampling.KeepSignals;
import dev.tracewire.webclient.ObservedWebClientsPostProcessor;
import dev.tracewire.webclient.TraceResponseExchangeFilter;
import dev.tracewire.webflux.autoconfigure.WebFluxTracingProperties;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.ClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Traces {@code WebClient} beans that Spring Boot's {@code WebClient.Builder} did not make, with the observation
 * name and convention Boot would have used. Works in servlet applications too.
 */
@AutoConfiguration(afterName = "dev.tracewire.sampling.autoconfigure.SamplingAutoConfiguration")
@ConditionalOnTracewireEnabled("webflux")
@ConditionalOnClass({ WebClient.class, ObservationRegistry.class })
@EnableConfigurationProperties(WebFluxTracingProperties.class)
// Sorted last, so that our auto-configurations never change the order of Boot's.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public final class WebClientTracingAutoConfiguration {

	private static final String OBSERVATION_NAME_KEY = "management.observations.http.client.requests.name";

	private static final String DEFAULT_OBSERVATION_NAME = "http.client.requests";

	// static: a post-processor must not pull its configuration class into early initialisation.
	@Bean
	@ConditionalOnMissingBean
	static ObservedWebClientsPostProcessor observedWebClientsPostProcessor(
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ClientRequestObservationConvention> customConvention, ObjectProvider<KeepSignals> keepSignals,
			Environment environment) {
		String name = environment.getProperty(OBSERVATION_NAME_KEY, DEFAULT_OBSERVATION_NAME);
		Set<String> excludedBeans = TracewireBinding.excludedBeans(environment,
				WebFluxTracingProperties.PREFIX + ".web-client");
		return new ObservedWebClientsPostProcessor(observationRegistry::getIfAvailable,
				() -> customConvention.getIfAvailable(() -> new DefaultClientRequestObservationConvention(name)),
				excludedBeans, () -> {
					KeepSignals signals = keepSignals.getIfAvailable();
					return (signals != null) ? new TraceResponseExchangeFilter(signals) : null;
				});
	}

	/**
	 * A callee's keep keeps this service's part of the trace (see {@link KeepSignals}), on every {@code WebClient}
	 * Boot's builder makes.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebClientCustomizer.class)
	static class TraceResponseConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tracewireTraceResponseWebClientCustomizer")
		@ConditionalOnBean(KeepSignals.class)
		WebClientCustomizer tracewireTraceResponseWebClientCustomizer(KeepSignals keepSignals) {
			TraceResponseExchangeFilter filter = new TraceResponseExchangeFilter(keepSignals);
			return (builder) -> builder.filter(filter);
		}

	}

}
