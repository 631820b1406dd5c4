package dev.tracewire.kafka;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaListenerObservationConvention;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * A batch whose observation is open on the listener thread, from the batch interceptor's {@code intercept} to the
 * end of the poll loop iteration, so that the listener, the error handler and their log lines run in it.
 * <p>
 * With record spans on, each record that carries a trace context gets an observation of its own for the same
 * time, ended (with the batch's error, if any) when the batch's observation ends.
 * <p>
 * Batches stack: when an error handler retries a batch, the retry's batch opens inside the failed one, and all
 * scopes close in reverse order when the container clears its thread state.
 */
final class OpenBatch {

	private static final Log logger = LogFactory.getLog(OpenBatch.class);

	private static final ThreadLocal<Deque<OpenBatch>> OPEN = new ThreadLocal<>();

	private final Observation observation;

	private final Observation.Scope scope;

	private final KafkaBatchContext context;

	private final ObservationRegistry registry;

	private final @Nullable KafkaListenerObservationConvention recordConvention;

	private @Nullable Map<String, ConsumerRecord<?, ?>> byCoordinates;

	// The record spans of this batch, by record (compared by identity); empty when record spans are off.
	private final Map<ConsumerRecord<?, ?>, Observation> recordObservations = new IdentityHashMap<>();

	private boolean stopped;

	OpenBatch(Observation observation, Observation.Scope scope, KafkaBatchContext context,
			ObservationRegistry registry, @Nullable KafkaListenerObservationConvention recordConvention) {
		this.observation = observation;
		this.scope = scope;
		this.context = context;
		this.registry = registry;
		this.recordConvention = recordConvention;
	}

	static @Nullable OpenBatch current() {
		Deque<OpenBatch> open = OPEN.get();
		return (open != null) ? open.peek() : null;
	}

	static void push(OpenBatch batch) {
		Deque<OpenBatch> open = OPEN.get();
		if (open == null) {
			open = new ArrayDeque<>();
			OPEN.set(open);
		}
		open.push(batch);
	}

	/**
	 * Ends the current batch's observation (its scope stays open for the error handler).
	 */
	static void stopCurrent(@Nullable Throwable error) {
		OpenBatch batch = current();
		if (batch != null) {
			batch.stop(error);
		}
	}

	/**
	 * Ends and closes every batch still open on this thread, innermost first.
	 */
	static void closeAll() {
		Deque<OpenBatch> open = OPEN.get();
		if (open == null) {
			return;
		}
		OPEN.remove();
		while (!open.isEmpty()) {
			OpenBatch batch = open.pop();
			batch.stop(null);
			try {
				batch.scope.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not close the scope of a Kafka batch observation", ex);
			}
		}
	}

	/**
	 * Starts the observation of each record that carries a trace context of its own: its span continues the
	 * record's trace while the batch is processed. Called with the batch's scope open.
	 */
	void startRecordObservations() {
		for (ConsumerRecord<?, ?> record : this.context.getRecords()) {
			if (this.context.hasTraceContext(record)) {
				try {
					Observation recordObservation = recordObservation(record);
					recordObservation.start();
					this.recordObservations.put(record, recordObservation);
				}
				catch (RuntimeException ex) {
					// Tracing must never cost the application a record: the batch runs without this span.
					logger.debug("Could not start the observation of a Kafka record of a batch", ex);
				}
			}
		}
	}

	private void stop(@Nullable Throwable error) {
		if (this.stopped) {
			return;
		}
		this.stopped = true;
		Throwable cause = (error != null) ? KafkaRecordFacts.unwrap(error) : null;
		for (Observation recordObservation : this.recordObservations.values()) {
			stop(recordObservation, cause, "a Kafka record observation of a batch");
		}
		stop(this.observation, cause, "a Kafka batch observation");
	}

	private static void stop(Observation observation, @Nullable Throwable error, String what) {
		try {
			// A record span that KafkaBatchTracing already failed keeps its own error (recorded once).
			if (error != null && observation.getContext().getError() == null) {
				observation.error(error);
			}
			observation.stop();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not stop " + what, ex);
		}
	}

	/**
	 * Returns the record behind one element of the list a batch listener received: the element itself, the record
	 * a {@link Message} was converted from, or (for payloads) the record at the same position when the list has
	 * as many elements as the batch has records.
	 */
	@Nullable ConsumerRecord<?, ?> recordFor(@Nullable Object element, int index, int size) {
		if (element instanceof ConsumerRecord<?, ?> record) {
			return record;
		}
		List<ConsumerRecord<?, ?>> records = this.context.getRecords();
		if (element instanceof Message<?> message) {
			return byCoordinates(message.getHeaders());
		}
		return (size == records.size() && index < size) ? records.get(index) : null;
	}

	private @Nullable ConsumerRecord<?, ?> byCoordinates(MessageHeaders headers) {
		Object topic = headers.get(KafkaHeaders.RECEIVED_TOPIC);
		Object partition = headers.get(KafkaHeaders.RECEIVED_PARTITION);
		Object offset = headers.get(KafkaHeaders.OFFSET);
		if (topic == null || partition == null || offset == null) {
			return null;
		}
		Map<String, ConsumerRecord<?, ?>> index = this.byCoordinates;
		if (index == null) {
			index = new HashMap<>();
			for (ConsumerRecord<?, ?> record : this.context.getRecords()) {
				index.put(coordinates(record.topic(), record.partition(), record.offset()), record);
			}
			this.byCoordinates = index;
		}
		return index.get(coordinates(topic, partition, offset));
	}

	private static String coordinates(Object topic, Object partition, Object offset) {
		return topic + "-" + partition + "@" + offset;
	}

	/**
	 * Opens the scope of one record: the record's span when record spans are on (the batch ends it), else a new
	 * observation named and tagged like a record listener's, whose span continues the record's trace.
	 */
	KafkaBatchTracing.RecordScope open(ConsumerRecord<?, ?> record) {
		Observation recordSpan = this.recordObservations.get(record);
		if (recordSpan != null && !this.stopped) {
			return new KafkaBatchTracing.RecordScope(recordSpan, recordSpan.openScope(), false);
		}
		Observation recordObservation = recordObservation(record);
		recordObservation.start();
		return new KafkaBatchTracing.RecordScope(recordObservation, recordObservation.openScope(), true);
	}

	private Observation recordObservation(ConsumerRecord<?, ?> record) {
		return KafkaListenerObservation.LISTENER_OBSERVATION.observation(this.recordConvention,
				DefaultKafkaListenerObservationConvention.INSTANCE,
				() -> new KafkaBatchRecordContext(record, this.context), this.registry);
	}

}
