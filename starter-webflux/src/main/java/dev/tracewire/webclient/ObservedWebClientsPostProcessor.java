package dev.tracewire.webclient;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.reactive.function.client.ClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Gives {@link WebClient} and {@link WebClient.Builder} beans that have no observation registry the
 * application's one, so that clients declared with {@code WebClient.create()}, or built from a
 * {@code WebClient.builder()} bean of the application's own, produce CLIENT spans and send {@code traceparent}
 * just like those built from Spring Boot's {@code WebClient.Builder}.
 * <p>
 * A {@code WebClient} is immutable, so an untraced one is replaced by a copy made with {@code mutate()}, which keeps
 * its base URL, filters, codecs and connector; a builder is given the registry in place. A client or builder that
 * already observes (Boot's builder and what it builds, or one given a registry by the application) is left
 * exactly as it is, its own convention included: this relies on reading the registry it holds, and one whose
 * registry cannot be read is given ours. AOP proxies are left alone, since a copy would lose their advice. Beans
 * can be excluded by name.
 * <p>
 * Clients created at runtime inside application code ({@code WebClient.create()} in a method body) are no beans
 * and are not seen here: build them from the injected {@code WebClient.Builder} instead.
 */
public final class ObservedWebClientsPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(ObservedWebClientsPostProcessor.class);

	private static final String REGISTRY_FIELD = "observationRegistry";

	private final Supplier<@Nullable ObservationRegistry> registry;

	private final Supplier<ClientRequestObservationConvention> convention;

	private final Set<String> excludedBeans;

	private final Supplier<@Nullable ExchangeFilterFunction> filter;

	/**
	 * Creates a post-processor that resolves its collaborators lazily, on the first client bean it sees.
	 * @param registry supplies the observation registry, or {@code null} when there is none
	 * @param convention supplies the convention for the client observations
	 * @param excludedBeans names of beans to leave alone
	 */
	public ObservedWebClientsPostProcessor(Supplier<@Nullable ObservationRegistry> registry,
			Supplier<ClientRequestObservationConvention> convention, Set<String> excludedBeans) {
		this(registry, convention, excludedBeans, () -> null);
	}

	/**
	 * Creates the post-processor.
	 * @param registry supplies the observation registry, or {@code null} when there is none
	 * @param convention supplies the observation convention to give the clients
	 * @param excludedBeans names of beans to leave as they are
	 * @param filter supplies a filter to add to each client it traces (as Boot's builder adds Tracewire's), or
	 * {@code null}
	 */
	public ObservedWebClientsPostProcessor(Supplier<@Nullable ObservationRegistry> registry,
			Supplier<ClientRequestObservationConvention> convention, Set<String> excludedBeans,
			Supplier<@Nullable ExchangeFilterFunction> filter) {
		this.registry = registry;
		this.convention = convention;
		this.excludedBeans = Set.copyOf(excludedBeans);
		this.filter = filter;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (!(bean instanceof WebClient || bean instanceof WebClient.Builder) || this.excludedBeans.contains(beanName)
				|| AopUtils.isAopProxy(bean)) {
			return bean;
		}
		ObservationRegistry registry = this.registry.get();
		if (registry == null || registry.isNoop() || isObserved(bean)) {
			return bean;
		}
		logger.debug("Tracing bean '" + beanName + "' of " + bean.getClass() + ", which had no observation registry");
		ExchangeFilterFunction filter = this.filter.get();
		if (bean instanceof WebClient.Builder builder) {
			builder.observationRegistry(registry).observationConvention(this.convention.get());
			return (filter != null) ? builder.filter(filter) : builder;
		}
		WebClient.Builder builder = ((WebClient) bean).mutate()
			.observationRegistry(registry)
			.observationConvention(this.convention.get());
		return ((filter != null) ? builder.filter(filter) : builder).build();
	}

	/**
	 * Returns whether a client or builder already records observations.
	 * @param clientOrBuilder the client or builder
	 * @return {@code true} if it holds an observation registry that is not a no-op
	 */
	static boolean isObserved(Object clientOrBuilder) {
		Field field = ReflectionUtils.findField(clientOrBuilder.getClass(), REGISTRY_FIELD, ObservationRegistry.class);
		if (field == null) {
			return false;
		}
		try {
			ReflectionUtils.makeAccessible(field);
			return field.get(clientOrBuilder) instanceof ObservationRegistry registry && !registry.isNoop();
		}
		catch (IllegalAccessException | RuntimeException ex) {
			return false;
		}
	}

}
