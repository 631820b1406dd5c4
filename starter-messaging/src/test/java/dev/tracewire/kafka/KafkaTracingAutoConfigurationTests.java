package dev.tracewire.kafka;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tracewire.kafka.autoconfigure.KafkaTracingAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation.DefaultKafkaTemplateObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservationConvention;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaTracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaTracingAutoConfiguration.class))
		.withBean(Tracer.class, () -> Tracer.NOOP);

	private final ApplicationContextRunner withBootsKafka = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaTracingAutoConfiguration.class));

	@Test
	void suppliesConventionsHandlersPredicateAndPostProcessor() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TracewireKafkaTemplateObservationConvention.class)
				.hasSingleBean(TracewireKafkaListenerObservationConvention.class)
				.hasSingleBean(KafkaListenerObservationHandler.class)
				.hasSingleBean(RetryBackoffObservationPredicate.class)
				.hasSingleBean(KafkaTracingBeanPostProcessor.class)
				.hasSingleBean(KafkaBatchTracingObservationHandler.class)
				.hasSingleBean(KafkaBatchRecordTracingObservationHandler.class)
				.hasSingleBean(MeterRegistryTimeInQueueRecorder.class);
		});
	}

	@Test
	void suppliesNoBatchTracingHandlerWithoutATracer() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KafkaTracingAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(KafkaTracingBeanPostProcessor.class)
				.doesNotHaveBean(KafkaBatchTracingObservationHandler.class)
				.doesNotHaveBean(KafkaBatchRecordTracingObservationHandler.class));
	}

	@Test
	void suppliesNoTimeInQueueTimerWithoutMicrometerMetrics() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(KafkaListenerObservationHandler.class)
				.doesNotHaveBean(TimeInQueueRecorder.class));
	}

	@Test
	void backsOffForTheApplicationsConventions() {
		this.runner.withUserConfiguration(UserConventions.class).run((context) -> {
			assertThat(context).doesNotHaveBean(TracewireKafkaTemplateObservationConvention.class)
				.doesNotHaveBean(TracewireKafkaListenerObservationConvention.class)
				.hasSingleBean(KafkaTemplateObservationConvention.class)
				.hasSingleBean(KafkaListenerObservationConvention.class);
		});
	}

	@Test
	void backsOffForTheApplicationsBeans() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context.getBean(KafkaListenerObservationHandler.class)).isSameAs(UserBeans.HANDLER);
			assertThat(context.getBean(RetryBackoffObservationPredicate.class)).isSameAs(UserBeans.PREDICATE);
			assertThat(context.getBean(TimeInQueueRecorder.class)).isSameAs(UserBeans.RECORDER);
			assertThat(context).hasSingleBean(KafkaTracingBeanPostProcessor.class).hasBean("userPostProcessor");
			assertThat(context).hasSingleBean(KafkaBatchTracingObservationHandler.class).hasBean("userBatchHandler");
			assertThat(context).hasSingleBean(KafkaBatchRecordTracingObservationHandler.class)
				.hasBean("userBatchRecordHandler");
		});
	}

	@Test
	void isOffByModuleProperty() {
		this.runner.withPropertyValues("tracewire.kafka.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaTracingBeanPostProcessor.class)
				.doesNotHaveBean(TracewireKafkaListenerObservationConvention.class));
	}

	@Test
	void isOffByGlobalPropertyUnlessTheModuleSaysOtherwise() {
		this.runner.withPropertyValues("tracewire.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaTracingBeanPostProcessor.class));
		this.runner.withPropertyValues("tracewire.enabled=false", "tracewire.kafka.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(KafkaTracingBeanPostProcessor.class));
	}

	@Test
	void isSkippedWhenSpringKafkaIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaTracingBeanPostProcessor.class)
				.doesNotHaveBean(KafkaListenerObservationHandler.class));
	}

	@Test
	void bootsTemplateAndListenerContainerFactoryUseTracewiresConventions() {
		this.withBootsKafka.run((context) -> {
			assertThat(ReflectionTestUtils.getField(context.getBean(KafkaTemplate.class), "observationConvention"))
				.isInstanceOf(TracewireKafkaTemplateObservationConvention.class);
			assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getContainerProperties()
				.getObservationConvention()).isInstanceOf(TracewireKafkaListenerObservationConvention.class);
		});
	}

	@Test
	void containerFactoryInterceptorsWrapTheApplicationsOwnWhichStillRun() {
		this.withBootsKafka.withUserConfiguration(UserInterceptors.class).run((context) -> {
			ConcurrentKafkaListenerContainerFactory<?, ?> factory = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class);
			UserInterceptors interceptors = context.getBean(UserInterceptors.class);
			assertThat(factory.getRecordInterceptor()).isInstanceOfSatisfying(TracingRecordInterceptor.class,
					(ours) -> assertThat(ours.delegate()).isSameAs(interceptors.recordInterceptor));
			assertThat(factory.getBatchInterceptor()).isInstanceOfSatisfying(TracingBatchInterceptor.class,
					(ours) -> assertThat(ours.delegate()).isSameAs(interceptors.batchInterceptor));
			invokeRecordInterceptor(factory);
			assertThat(interceptors.recordCalls).hasValue(3);
		});
	}

	private static java.util.Map<String, Object> consumerConfiguration(
			org.springframework.context.ApplicationContext context) {
		DefaultKafkaConsumerFactory<?, ?> consumerFactory = context.getBean(DefaultKafkaConsumerFactory.class);
		return consumerFactory.getConfigurationProperties();
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void invokeRecordInterceptor(ConcurrentKafkaListenerContainerFactory<?, ?> factory) {
		RecordInterceptor interceptor = factory.getRecordInterceptor();
		ConsumerRecord<String, String> record = new ConsumerRecord<>("orders", 0, 0, "key", "value");
		// A real client that never connects: it is only handed through.
		try (Consumer<String, String> consumer = new KafkaConsumer<>(
				java.util.Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"), new StringDeserializer(),
				new StringDeserializer())) {
			assertThat(interceptor.intercept(record, consumer)).isSameAs(record);
			interceptor.success(record, consumer);
			interceptor.afterRecord(record, consumer);
		}
	}

	@Test
	void consumerFactoryGetsTheHeaderInterceptorFirstKeepingTheApplicationsInterceptors() {
		this.withBootsKafka
			.withPropertyValues("spring.kafka.consumer.properties.interceptor.classes=com.example.AuditInterceptor")
			.run((context) -> {
				Object classes = consumerConfiguration(context).get(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
				assertThat(classes).isEqualTo(List.of(TraceHeadersConsumerInterceptor.class, "com.example.AuditInterceptor"));
			});
	}

	@Test
	void addsTheHeaderInterceptorOnlyOnce() {
		DefaultKafkaConsumerFactory<String, String> consumerFactory = new DefaultKafkaConsumerFactory<>(
				java.util.Map.of(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, TraceHeadersConsumerInterceptor.class.getName()));
		KafkaTracingBeanPostProcessor.addConsumerInterceptor(consumerFactory);
		KafkaTracingBeanPostProcessor.addConsumerInterceptor(consumerFactory);
		assertThat(consumerFactory.getConfigurationProperties().get(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG))
			.isEqualTo(TraceHeadersConsumerInterceptor.class.getName());
	}

	@Test
	void batchRecordSpansAreOnByDefaultAndOffByProperty() {
		this.withBootsKafka.run((context) -> assertThat(ReflectionTestUtils.getField(
				context.getBean(ConcurrentKafkaListenerContainerFactory.class).getBatchInterceptor(), "recordSpans"))
			.isEqualTo(true));
		this.withBootsKafka.withPropertyValues("tracewire.kafka.batch.record-spans=false")
			.run((context) -> assertThat(ReflectionTestUtils.getField(
					context.getBean(ConcurrentKafkaListenerContainerFactory.class).getBatchInterceptor(),
					"recordSpans"))
				.isEqualTo(false));
	}

	@Test
	void wrapsEachContainerFactoryOnlyOnce() {
		this.withBootsKafka.run((context) -> {
			ConcurrentKafkaListenerContainerFactory<?, ?> factory = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class);
			Object recordInterceptor = factory.getRecordInterceptor();
			context.getBean(KafkaTracingBeanPostProcessor.class)
				.postProcessAfterInitialization(factory, "kafkaListenerContainerFactory");
			assertThat(factory.getRecordInterceptor()).isSameAs(recordInterceptor);
			assertThat(((TracingRecordInterceptor<?, ?>) recordInterceptor).delegate()).isNull();
		});
	}

	@Test
	void leavesExcludedBeansAlone() {
		this.withBootsKafka
			.withPropertyValues("tracewire.kafka.excluded-beans=kafkaListenerContainerFactory,kafkaConsumerFactory")
			.run((context) -> {
				assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getRecordInterceptor())
					.isNull();
				assertThat(consumerConfiguration(context))
					.doesNotContainKey(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
			});
	}

	@Test
	void leavesAnExcludedConsumerFactoryAloneEvenBehindATracedContainerFactory() {
		this.withBootsKafka.withPropertyValues("tracewire.kafka.excluded-beans=kafkaConsumerFactory").run((context) -> {
			assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getRecordInterceptor())
				.isInstanceOf(TracingRecordInterceptor.class);
			assertThat(consumerConfiguration(context))
				.doesNotContainKey(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG);
		});
	}

	@Test
	void templatesTheApplicationBuildsAreObservedWhenBootsKeyIsOn() {
		this.withBootsKafka.withUserConfiguration(UserTemplate.class)
			.withPropertyValues("spring.kafka.template.observation-enabled=true")
			.run((context) -> assertThat(ReflectionTestUtils.getField(context.getBean("ordersTemplate"),
					"observationEnabled")).isEqualTo(true));
		this.withBootsKafka.withUserConfiguration(UserTemplate.class)
			.withPropertyValues("spring.kafka.template.observation-enabled=false")
			.run((context) -> assertThat(ReflectionTestUtils.getField(context.getBean("ordersTemplate"),
					"observationEnabled")).isEqualTo(false));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserConventions {

		@Bean
		KafkaTemplateObservationConvention userTemplateConvention() {
			return new DefaultKafkaTemplateObservationConvention();
		}

		@Bean
		KafkaListenerObservationConvention userListenerConvention() {
			return new DefaultKafkaListenerObservationConvention();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final KafkaListenerObservationHandler HANDLER = new KafkaListenerObservationHandler(() -> null);

		static final RetryBackoffObservationPredicate PREDICATE = new RetryBackoffObservationPredicate();

		static final TimeInQueueRecorder RECORDER = (topic, group, wait) -> {
		};

		@Bean
		KafkaListenerObservationHandler userHandler() {
			return HANDLER;
		}

		@Bean
		RetryBackoffObservationPredicate userPredicate() {
			return PREDICATE;
		}

		@Bean
		TimeInQueueRecorder userRecorder() {
			return RECORDER;
		}

		@Bean
		static KafkaTracingBeanPostProcessor userPostProcessor() {
			return new KafkaTracingBeanPostProcessor(java.util.Set.of(), false, false, true, () -> null, () -> null,
					() -> null, () -> null);
		}

		@Bean
		KafkaBatchTracingObservationHandler userBatchHandler() {
			return new KafkaBatchTracingObservationHandler(Tracer.NOOP, () -> null);
		}

		@Bean
		KafkaBatchRecordTracingObservationHandler userBatchRecordHandler() {
			return new KafkaBatchRecordTracingObservationHandler(Tracer.NOOP, () -> null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInterceptors {

		final AtomicInteger recordCalls = new AtomicInteger();

		final RecordInterceptor<Object, Object> recordInterceptor = new RecordInterceptor<>() {

			@Override
			public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
					Consumer<Object, Object> consumer) {
				UserInterceptors.this.recordCalls.incrementAndGet();
				return record;
			}

			@Override
			public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
				UserInterceptors.this.recordCalls.incrementAndGet();
			}

			@Override
			public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
				UserInterceptors.this.recordCalls.incrementAndGet();
			}

		};

		final BatchInterceptor<Object, Object> batchInterceptor = (records, consumer) -> records;

		@Bean
		RecordInterceptor<Object, Object> userRecordInterceptor() {
			return this.recordInterceptor;
		}

		@Bean
		BatchInterceptor<Object, Object> userBatchInterceptor() {
			return this.batchInterceptor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplate {

		@Bean
		KafkaTemplate<String, String> ordersTemplate() {
			return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
					java.util.Map.of("bootstrap.servers", "localhost:9092")));
		}

	}

}
