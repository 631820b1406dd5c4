package dev.tracewire.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.util.StringUtils;

/**
 * Traces the Kafka beans an application defines itself as well as Spring Boot's, through the hooks spring-kafka
 * offers on them.
 * <ul>
 * <li>every {@link DefaultKafkaConsumerFactory} (and the one behind each container factory) gets
 * {@link TraceHeadersConsumerInterceptor} first in {@code interceptor.classes}, keeping the application's
 * interceptors after it;</li>
 * <li>every listener container factory gets a record interceptor that stops the observations spring-kafka leaves
 * open and a batch interceptor that observes batch listeners; the interceptors it already had keep running,
 * called by ours (Boot accepts only one interceptor bean of each kind);</li>
 * <li>when Boot's {@code spring.kafka.template.observation-enabled} and
 * {@code spring.kafka.listener.observation-enabled} are on (Tracewire's default), templates and container
 * factories built by the application are observed too.</li>
 * </ul>
 * Each bean is processed once; beans can be excluded by name.
 */
public final class KafkaTracingBeanPostProcessor implements BeanPostProcessor, Ordered {

	private final Set<String> excludedBeans;

	private final boolean templateObservation;

	private final boolean listenerObservation;

	private final boolean batchRecordSpans;

	private final Supplier<@Nullable ObservationRegistry> observationRegistry;

	private final Supplier<@Nullable KafkaBatchObservationConvention> batchConvention;

	private final Supplier<@Nullable TimeInQueueRecorder> timeInQueueRecorder;

	private final ListenerIds listenerIds;

	// Excluded beans stay untouched even when reached through another bean (a consumer factory behind a container
	// factory); dependencies are post-processed before the beans that use them.
	private final Set<Object> excludedInstances = Collections.newSetFromMap(new IdentityHashMap<>());

	/**
	 * Creates a post-processor.
	 * @param excludedBeans names of beans to leave alone
	 * @param templateObservation whether to switch observation on for every {@code KafkaTemplate}
	 * @param listenerObservation whether to switch observation on for every listener container factory
	 * @param batchRecordSpans whether each record of a batch gets a span in its own trace for the whole batch
	 * @param observationRegistry looks up the observation registry lazily
	 * @param batchConvention looks up a custom batch convention lazily; may return {@code null}
	 * @param timeInQueueRecorder looks up the time-in-queue recorder lazily; may return {@code null}
	 * @param endpointRegistry looks up spring-kafka's listener registry lazily; may return {@code null}
	 */
	public KafkaTracingBeanPostProcessor(Set<String> excludedBeans, boolean templateObservation,
			boolean listenerObservation, boolean batchRecordSpans,
			Supplier<@Nullable ObservationRegistry> observationRegistry,
			Supplier<@Nullable KafkaBatchObservationConvention> batchConvention,
			Supplier<@Nullable TimeInQueueRecorder> timeInQueueRecorder,
			Supplier<@Nullable KafkaListenerEndpointRegistry> endpointRegistry) {
		this.excludedBeans = Set.copyOf(excludedBeans);
		this.templateObservation = templateObservation;
		this.listenerObservation = listenerObservation;
		this.batchRecordSpans = batchRecordSpans;
		this.observationRegistry = observationRegistry;
		this.batchConvention = batchConvention;
		this.timeInQueueRecorder = timeInQueueRecorder;
		this.listenerIds = new ListenerIds(endpointRegistry);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (this.excludedBeans.contains(beanName)) {
			synchronized (this.excludedInstances) {
				this.excludedInstances.add(bean);
			}
			return bean;
		}
		if (bean instanceof KafkaTemplate<?, ?> template && this.templateObservation) {
			template.setObservationEnabled(true);
		}
		if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory) {
			trace(factory);
		}
		if (bean instanceof DefaultKafkaConsumerFactory<?, ?> consumerFactory) {
			addConsumerInterceptor(consumerFactory);
		}
		return bean;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void trace(AbstractKafkaListenerContainerFactory factory) {
		ContainerProperties properties = factory.getContainerProperties();
		if (this.listenerObservation) {
			properties.setObservationEnabled(true);
		}
		RecordInterceptor recordInterceptor = factory.getRecordInterceptor();
		if (!(recordInterceptor instanceof TracingRecordInterceptor)) {
			factory.setRecordInterceptor(new TracingRecordInterceptor(recordInterceptor, this.observationRegistry));
		}
		BatchInterceptor batchInterceptor = factory.getBatchInterceptor();
		if (!(batchInterceptor instanceof TracingBatchInterceptor)) {
			factory.setBatchInterceptor(new TracingBatchInterceptor(batchInterceptor, properties::isObservationEnabled,
					this.batchRecordSpans, this.observationRegistry, this.batchConvention,
					properties::getObservationConvention, this.timeInQueueRecorder, this.listenerIds));
		}
		if (factory.getConsumerFactory() instanceof DefaultKafkaConsumerFactory<?, ?> consumerFactory
				&& !isExcluded(consumerFactory)) {
			addConsumerInterceptor(consumerFactory);
		}
	}

	private boolean isExcluded(Object bean) {
		synchronized (this.excludedInstances) {
			return this.excludedInstances.contains(bean);
		}
	}

	static void addConsumerInterceptor(DefaultKafkaConsumerFactory<?, ?> consumerFactory) {
		List<Object> configured = interceptorClasses(
				consumerFactory.getConfigurationProperties().get(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG));
		if (!configured.isEmpty() && isOurs(configured.get(0))) {
			return;
		}
		// First, so that the application's own interceptors see the sanitized headers too.
		List<Object> classes = new ArrayList<>(configured.size() + 1);
		classes.add(TraceHeadersConsumerInterceptor.class);
		configured.stream().filter((configuredClass) -> !isOurs(configuredClass)).forEach(classes::add);
		consumerFactory.updateConfigs(Map.of(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, classes));
	}

	private static List<Object> interceptorClasses(@Nullable Object configured) {
		List<Object> classes = new ArrayList<>();
		if (configured instanceof String names) {
			for (String name : StringUtils.commaDelimitedListToStringArray(names)) {
				if (StringUtils.hasText(name)) {
					classes.add(name.trim());
				}
			}
		}
		else if (configured instanceof Collection<?> collection) {
			collection.stream().filter((element) -> element != null).forEach(classes::add);
		}
		else if (configured != null) {
			classes.add(configured);
		}
		return classes;
	}

	private static boolean isOurs(Object configured) {
		return configured == TraceHeadersConsumerInterceptor.class
				|| TraceHeadersConsumerInterceptor.class.getName().equals(String.valueOf(configured).trim());
	}

	@Override
	public int getOrder() {
		// After other post-processors, so that we see the interceptors they configured.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
