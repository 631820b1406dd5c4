package dev.tracewire.kafka.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.autoconfigure.LazyLookup;
import dev.tracewire.autoconfigure.TracewireBinding;
import dev.tracewire.kafka.KafkaBatchObservationConvention;
import dev.tracewire.kafka.KafkaBatchRecordTracingObservationHandler;
import dev.tracewire.kafka.KafkaBatchTracingObservationHandler;
import dev.tracewire.kafka.KafkaListenerObservationHandler;
import dev.tracewire.kafka.KafkaTracingBeanPostProcessor;
import dev.tracewire.kafka.MeterRegistryTimeInQueueRecorder;
import dev.tracewire.kafka.RetryBackoffObservationPredicate;
import dev.tracewire.kafka.TimeInQueueRecorder;
import dev.tracewire.kafka.TracewireKafkaListenerObservationConvention;
import dev.tracewire.kafka.TracewireKafkaTemplateObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.context.propagation.TextMapPropagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.micrometer.KafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservationConvention;

/**
 * Traces Kafka end to end on top of spring-kafka's own observations: producer and record-listener spans with
 * messaging attributes, batch-listener spans with links (and, by default, a span per record in the record's own
 * trace), retry and dead-letter topics in the original trace, trace-header hygiene on every consumed record, and
 * no listener span left open.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnTracewireEnabled("kafka")
@ConditionalOnClass({ KafkaTemplate.class, ObservationRegistry.class })
@EnableConfigurationProperties(KafkaTracingProperties.class)
// Sorted last, so that naming Boot's classes in "after" never pulls them ahead of classes they silently rely on.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public final class KafkaTracingAutoConfiguration {

	private static final String TEMPLATE_OBSERVATION_KEY = "spring.kafka.template.observation-enabled";

	private static final String LISTENER_OBSERVATION_KEY = "spring.kafka.listener.observation-enabled";

	/**
	 * Tracewire's batch tracing handler runs ahead of Micrometer Tracing's receiver handler, which would otherwise
	 * claim batch contexts too.
	 */
	static final int BATCH_TRACING_HANDLER_ORDER = 900;

	// Boot applies a unique convention bean to its template; ours backs off for the application's.
	@Bean
	@ConditionalOnMissingBean(KafkaTemplateObservationConvention.class)
	TracewireKafkaTemplateObservationConvention tracewireKafkaTemplateObservationConvention() {
		return new TracewireKafkaTemplateObservationConvention();
	}

	// Boot applies a unique convention bean to its listener container factory.
	@Bean
	@ConditionalOnMissingBean(KafkaListenerObservationConvention.class)
	TracewireKafkaListenerObservationConvention tracewireKafkaListenerObservationConvention() {
		return new TracewireKafkaListenerObservationConvention();
	}

	@Bean
	@ConditionalOnMissingBean
	KafkaListenerObservationHandler kafkaListenerObservationHandler(
			ObjectProvider<TimeInQueueRecorder> timeInQueueRecorder) {
		// Consulted for every record: look the recorder up once it exists, not each time.
		return new KafkaListenerObservationHandler(LazyLookup.of(timeInQueueRecorder::getIfUnique));
	}

	@Bean
	@ConditionalOnMissingBean
	RetryBackoffObservationPredicate retryBackoffObservationPredicate() {
		return new RetryBackoffObservationPredicate();
	}

	// static: a post-processor must not pull its configuration class into early initialisation.
	@Bean
	@ConditionalOnMissingBean
	static KafkaTracingBeanPostProcessor kafkaTracingBeanPostProcessor(Environment environment,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<KafkaBatchObservationConvention> batchConvention,
			ObjectProvider<TimeInQueueRecorder> timeInQueueRecorder,
			ObjectProvider<KafkaListenerEndpointRegistry> endpointRegistry) {
		return new KafkaTracingBeanPostProcessor(
				TracewireBinding.excludedBeans(environment, KafkaTracingProperties.PREFIX),
				environment.getProperty(TEMPLATE_OBSERVATION_KEY, Boolean.class, false),
				environment.getProperty(LISTENER_OBSERVATION_KEY, Boolean.class, false),
				// Read here, before properties beans are bound; relaxed binding as for any property.
				Binder.get(environment).bind(KafkaTracingProperties.Batch.RECORD_SPANS, Boolean.class).orElse(true),
				observationRegistry::getIfUnique, batchConvention::getIfUnique, timeInQueueRecorder::getIfUnique,
				endpointRegistry::getIfUnique);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tracer.class, TextMapPropagator.class })
	@ConditionalOnBean(Tracer.class)
	static class BatchTracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Order(BATCH_TRACING_HANDLER_ORDER)
		KafkaBatchTracingObservationHandler kafkaBatchTracingObservationHandler(Tracer tracer,
				ObjectProvider<TextMapPropagator> propagator) {
			return new KafkaBatchTracingObservationHandler(tracer, LazyLookup.of(propagator::getIfUnique));
		}

		// Record spans, and the spans of KafkaBatchTracing's scopes: ahead of Micrometer's receiver handler too.
		@Bean
		@ConditionalOnMissingBean
		@Order(BATCH_TRACING_HANDLER_ORDER)
		KafkaBatchRecordTracingObservationHandler kafkaBatchRecordTracingObservationHandler(Tracer tracer,
				ObjectProvider<Propagator> propagator) {
			return new KafkaBatchRecordTracingObservationHandler(tracer, LazyLookup.of(propagator::getIfUnique));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class TimeInQueueMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(TimeInQueueRecorder.class)
		MeterRegistryTimeInQueueRecorder kafkaTimeInQueueRecorder(ObjectProvider<MeterRegistry> meterRegistry) {
			return new MeterRegistryTimeInQueueRecorder(meterRegistry::getIfUnique);
		}

	}

}
