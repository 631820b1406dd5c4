package dev.tracewire.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.KafkaBackoffException;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Closes the listener observations spring-kafka leaves open, and otherwise delegates to the interceptor the
 * container factory already had.
 * <p>
 * For {@code @KafkaListener} methods spring-kafka lets its listener adapter stop the observation. When a record
 * fails before it reaches that adapter (a deserialization failure, a message conversion failure, a retry-topic
 * back-off) nobody stops it, and its span stays open forever. This interceptor notes, on failure, a listener
 * observation that is still open, and stops it (with the error) once the container is done with the record,
 * after the error handler ran. Observations stopped by spring-kafka are left alone.
 */
final class TracingRecordInterceptor<K, V> implements RecordInterceptor<K, V> {

	private static final Log logger = LogFactory.getLog(TracingRecordInterceptor.class);

	private final @Nullable RecordInterceptor<K, V> delegate;

	private final Supplier<@Nullable ObservationRegistry> observationRegistry;

	// Usually empty: only failures before spring-kafka's adapter put anything here.
	private final ThreadLocal<@Nullable List<Pending>> pending = new ThreadLocal<>();

	TracingRecordInterceptor(@Nullable RecordInterceptor<K, V> delegate,
			Supplier<@Nullable ObservationRegistry> observationRegistry) {
		this.delegate = delegate;
		this.observationRegistry = observationRegistry;
	}

	@Nullable RecordInterceptor<K, V> delegate() {
		return this.delegate;
	}

	@Override
	public @Nullable ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		return (this.delegate != null) ? this.delegate.intercept(record, consumer) : record;
	}

	@Override
	public void success(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		if (this.delegate != null) {
			this.delegate.success(record, consumer);
		}
	}

	@Override
	public void failure(ConsumerRecord<K, V> record, Exception exception, Consumer<K, V> consumer) {
		try {
			noteOpenObservation(record, exception);
		}
		finally {
			if (this.delegate != null) {
				this.delegate.failure(record, exception, consumer);
			}
		}
	}

	@Override
	public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
		try {
			if (this.delegate != null) {
				this.delegate.afterRecord(record, consumer);
			}
		}
		finally {
			stopLeftOpen();
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
			stopLeftOpen();
		}
	}

	private void noteOpenObservation(ConsumerRecord<K, V> record, Exception exception) {
		ObservationRegistry registry = this.observationRegistry.get();
		Observation current = (registry != null) ? registry.getCurrentObservation() : null;
		if (current != null && current.getContext() instanceof KafkaRecordReceiverContext context
				&& isSameRecord(context.getRecord(), record) && KafkaListenerObservationHandler.isOpen(context)) {
			List<Pending> open = this.pending.get();
			if (open == null) {
				open = new ArrayList<>(1);
				this.pending.set(open);
			}
			open.add(new Pending(current, exception));
		}
	}

	private static boolean isSameRecord(ConsumerRecord<?, ?> observed, ConsumerRecord<?, ?> failed) {
		return observed == failed || (observed.offset() == failed.offset()
				&& observed.partition() == failed.partition() && observed.topic().equals(failed.topic()));
	}

	private void stopLeftOpen() {
		List<Pending> open = this.pending.get();
		if (open == null) {
			return;
		}
		this.pending.remove();
		for (Pending pending : open) {
			try {
				pending.stop();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not stop a listener observation left open by spring-kafka", ex);
			}
		}
	}

	private record Pending(Observation observation, Exception exception) {

		void stop() {
			if (!KafkaListenerObservationHandler.isOpen(this.observation.getContext())) {
				return;
			}
			if (!isBackoff(this.exception)) {
				this.observation.error(KafkaRecordFacts.unwrap(this.exception));
			}
			this.observation.stop();
		}

		private static boolean isBackoff(Throwable error) {
			for (Throwable current = error; current != null; current = current.getCause()) {
				if (current instanceof KafkaBackoffException) {
					return true;
				}
				if (current.getCause() == current) {
					break;
				}
			}
			return false;
		}

	}

}
