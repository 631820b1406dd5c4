package dev.tracewire.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.MetricName;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.support.micrometer.KafkaListenerObservationConvention;

/**
 * Runs each batch a batch listener receives in an observation of its own ({@link KafkaBatchObservation}), and
 * otherwise delegates to the interceptor the container factory already had.
 * <p>
 * spring-kafka does not observe batch listeners (its optional per-record observations in a batch end before the
 * listener runs). The observation starts when the batch is handed over, its scope stays open through the listener
 * and the error handler, and everything is closed when the container clears its thread state at the end of the
 * poll loop iteration. With record spans on, each record that carries a trace context also gets an observation
 * for the same time, whose span continues the record's trace; {@link KafkaBatchTracing} opens per-record scopes
 * inside the batch.
 */
final class TracingBatchInterceptor<K, V> implements BatchInterceptor<K, V> {

	private static final Log logger = LogFactory.getLog(TracingBatchInterceptor.class);

	private final @Nullable BatchInterceptor<K, V> delegate;

	private final BooleanSupplier observationEnabled;

	private final boolean recordSpans;

	private final Supplier<@Nullable ObservationRegistry> observationRegistry;

	private final Supplier<@Nullable KafkaBatchObservationConvention> batchConvention;

	private final Supplier<@Nullable KafkaListenerObservationConvention> recordConvention;

	private final Supplier<@Nullable TimeInQueueRecorder> timeInQueueRecorder;

	private final ListenerIds listenerIds;

	private final ThreadLocal<@Nullable ConsumerIdentity> consumerIdentity = new ThreadLocal<>();

	TracingBatchInterceptor(@Nullable BatchInterceptor<K, V> delegate, BooleanSupplier observationEnabled,
			boolean recordSpans, Supplier<@Nullable ObservationRegistry> observationRegistry,
			Supplier<@Nullable KafkaBatchObservationConvention> batchConvention,
			Supplier<@Nullable KafkaListenerObservationConvention> recordConvention,
			Supplier<@Nullable TimeInQueueRecorder> timeInQueueRecorder, ListenerIds listenerIds) {
		this.delegate = delegate;
		this.observationEnabled = observationEnabled;
		this.recordSpans = recordSpans;
		this.observationRegistry = observationRegistry;
		this.batchConvention = batchConvention;
		this.recordConvention = recordConvention;
		this.timeInQueueRecorder = timeInQueueRecorder;
		this.listenerIds = listenerIds;
	}

	@Nullable BatchInterceptor<K, V> delegate() {
		return this.delegate;
	}

	@Override
	public @Nullable ConsumerRecords<K, V> intercept(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		ConsumerRecords<K, V> intercepted = (this.delegate != null) ? this.delegate.intercept(records, consumer)
				: records;
		if (intercepted != null && !intercepted.isEmpty() && this.observationEnabled.getAsBoolean()) {
			try {
				open(intercepted, consumer);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not start the observation of a Kafka batch", ex);
			}
		}
		return intercepted;
	}

	private void open(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		ObservationRegistry registry = this.observationRegistry.get();
		if (registry == null || registry.isNoop()) {
			return;
		}
		ConsumerIdentity identity = identity(consumer);
		String listenerId = this.listenerIds.resolve(identity.clientId(), identity.groupId());
		KafkaBatchContext context = new KafkaBatchContext(records, listenerId, identity.groupId(),
				identity.clientId());
		recordTimeInQueue(context);
		Observation observation = KafkaBatchObservation.BATCH_OBSERVATION.observation(this.batchConvention.get(),
				DefaultKafkaBatchObservationConvention.INSTANCE, () -> context, registry);
		observation.start();
		OpenBatch batch = new OpenBatch(observation, observation.openScope(), context, registry,
				this.recordConvention.get());
		OpenBatch.push(batch);
		if (this.recordSpans) {
			batch.startRecordObservations();
		}
	}

	private void recordTimeInQueue(KafkaBatchContext context) {
		TimeInQueueRecorder recorder = this.timeInQueueRecorder.get();
		if (recorder == null) {
			return;
		}
		long now = System.currentTimeMillis();
		for (ConsumerRecord<?, ?> record : context.getRecords()) {
			long millis = KafkaRecordFacts.timeInQueueMillis(record, now);
			if (millis >= 0) {
				recorder.record(record.topic(), context.getGroupId(), Duration.ofMillis(millis));
			}
		}
	}

	@Override
	public void success(ConsumerRecords<K, V> records, Consumer<K, V> consumer) {
		try {
			if (this.delegate != null) {
				this.delegate.success(records, consumer);
			}
		}
		finally {
			OpenBatch.stopCurrent(null);
		}
	}

	@Override
	public void failure(ConsumerRecords<K, V> records, Exception exception, Consumer<K, V> consumer) {
		try {
			if (this.delegate != null) {
				this.delegate.failure(records, exception, consumer);
			}
		}
		finally {
			OpenBatch.stopCurrent(exception);
		}
	}

	@Override
	public void setupThreadState(Consumer<?, ?> consumer) {
		if (this.delegate != null) {
			this.delegate.setupThreadState(consumer);
		}
	}

	@Override
	public void clearThreadState(Consumer<?, ?> consumer) {
		try {
			if (this.delegate != null) {
				this.delegate.clearThreadState(consumer);
			}
		}
		finally {
			OpenBatch.closeAll();
		}
	}

	// Called on the consumer's own thread, the only one allowed to use it; computed once per consumer.
	private ConsumerIdentity identity(Consumer<?, ?> consumer) {
		ConsumerIdentity identity = this.consumerIdentity.get();
		if (identity == null || identity.consumer() != consumer) {
			identity = new ConsumerIdentity(consumer, groupId(consumer), clientId(consumer));
			this.consumerIdentity.set(identity);
		}
		return identity;
	}

	private static @Nullable String groupId(Consumer<?, ?> consumer) {
		try {
			return consumer.groupMetadata().groupId();
		}
		catch (RuntimeException ex) {
			// No group (manually assigned partitions).
			return null;
		}
	}

	private static @Nullable String clientId(Consumer<?, ?> consumer) {
		try {
			for (MetricName name : consumer.metrics().keySet()) {
				String clientId = name.tags().get("client-id");
				if (clientId != null) {
					return clientId;
				}
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the client id of a Kafka consumer", ex);
		}
		return null;
	}

	private record ConsumerIdentity(Consumer<?, ?> consumer, @Nullable String groupId, @Nullable String clientId) {
	}

}
