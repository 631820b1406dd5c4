package dev.tracewire.http.client;

import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Gives {@link RestTemplate} and {@link RestClient} beans the application's {@link ObservationRegistry}, so
 * that clients created with {@code new RestTemplate()} or {@code RestClient.create()} produce CLIENT spans and
 * send {@code traceparent} just like those built from Spring Boot's builders.
 * <p>
 * A {@code RestTemplate} that already has a registry is left as it is. A {@code RestClient} has no accessor
 * for its registry and is immutable, so it is rebuilt with {@code mutate()}: a client built from Boot's
 * builder gets the same registry and an equivalent convention again, which changes nothing.
 */
public final class ObservedHttpClientsPostProcessor implements BeanPostProcessor {

	private final Supplier<@Nullable ObservationRegistry> registry;

	private final Supplier<ClientRequestObservationConvention> convention;

	private final Set<String> excludedBeans;

	/**
	 * Creates a post-processor that resolves its collaborators lazily, on the first client bean it sees.
	 * @param registry supplies the observation registry, or {@code null} when there is none
	 * @param convention supplies the convention for the client observations
	 * @param excludedBeans names of beans to leave alone
	 */
	public ObservedHttpClientsPostProcessor(Supplier<@Nullable ObservationRegistry> registry,
			Supplier<ClientRequestObservationConvention> convention, Set<String> excludedBeans) {
		this.registry = registry;
		this.convention = convention;
		this.excludedBeans = Set.copyOf(excludedBeans);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (!(bean instanceof RestTemplate || bean instanceof RestClient) || this.excludedBeans.contains(beanName)) {
			return bean;
		}
		ObservationRegistry registry = this.registry.get();
		if (registry == null || registry.isNoop()) {
			return bean;
		}
		if (bean instanceof RestTemplate restTemplate) {
			if (restTemplate.getObservationRegistry().isNoop()) {
				restTemplate.setObservationConvention(this.convention.get());
				restTemplate.setObservationRegistry(registry);
			}
			return restTemplate;
		}
		return ((RestClient) bean).mutate()
			.observationRegistry(registry)
			.observationConvention(this.convention.get())
			.build();
	}

}
