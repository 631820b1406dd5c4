package dev.tracewire.kafka;

import java.util.List;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Continues each record's own trace while a batch listener works on it.
 * <p>
 * A batch listener runs in the batch's span, which starts a trace of its own and links to every record's
 * producer. Work done for one record (user code, JDBC, HTTP calls, sends) belongs in that record's trace: iterate
 * the batch with {@link #forEach(List, Consumer)}, or open a scope per record with
 * {@link #openScope(ConsumerRecord)}.
 * <pre>{@code
 * @KafkaListener(topics = "orders", batch = "true")
 * void onOrders(List<ConsumerRecord<String, Order>> records) {
 *     KafkaBatchTracing.forEach(records, (record) -> orders.save(record.value()));
 * }
 * }</pre>
 * Each record gets a span named and tagged like a record listener's ({@code "<topic> process"}), child of the
 * record's producer span and linked to the batch's span. With record spans on
 * ({@code tracewire.kafka.batch.record-spans}, the default) every record with a trace context already has that
 * span for the whole batch, and these methods make it current rather than start another one. The list may hold
 * {@code ConsumerRecord}s, {@code Message}s, or payloads (matched to records by position when the list is the
 * batch). Call these methods on the listener thread; outside a traced batch they simply run the work.
 */
public final class KafkaBatchTracing {

	private static final Log logger = LogFactory.getLog(KafkaBatchTracing.class);

	private KafkaBatchTracing() {
	}

	/**
	 * Runs the action for each element of the batch, each in the trace of the record it came from.
	 * @param batch what the batch listener received
	 * @param action the work for one element; an exception marks that record's span with the error and is
	 * rethrown
	 * @param <T> the element type
	 */
	public static <T> void forEach(List<T> batch, Consumer<? super T> action) {
		OpenBatch open = OpenBatch.current();
		int size = batch.size();
		int index = 0;
		for (T element : batch) {
			RecordScope scope = (open != null) ? open(open, open.recordFor(element, index, size)) : RecordScope.NOOP;
			index++;
			try (scope) {
				try {
					action.accept(element);
				}
				catch (RuntimeException | Error ex) {
					scope.error(ex);
					throw ex;
				}
			}
		}
	}

	/**
	 * Opens a scope in which work continues the given record's trace. Close it (try-with-resources) before
	 * opening the next one.
	 * @param record a record of the current batch
	 * @return the scope; a no-op outside a traced batch
	 */
	public static RecordScope openScope(ConsumerRecord<?, ?> record) {
		OpenBatch open = OpenBatch.current();
		return (open != null) ? open(open, record) : RecordScope.NOOP;
	}

	// Tracing must never cost the application a record: if the scope cannot be opened, the work runs without it.
	private static RecordScope open(OpenBatch batch, @Nullable ConsumerRecord<?, ?> record) {
		if (record == null) {
			return RecordScope.NOOP;
		}
		try {
			return batch.open(record);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not open the scope of a Kafka record in a batch", ex);
			return RecordScope.NOOP;
		}
	}

	/**
	 * The scope of one record of a batch; closing it ends the record's span.
	 */
	public static final class RecordScope implements AutoCloseable {

		static final RecordScope NOOP = new RecordScope(null, null, false);

		private final @Nullable Observation observation;

		private final Observation.@Nullable Scope scope;

		// False for a record span, which the batch ends.
		private final boolean endsObservation;

		private boolean closed;

		RecordScope(@Nullable Observation observation, Observation.@Nullable Scope scope, boolean endsObservation) {
			this.observation = observation;
			this.scope = scope;
			this.endsObservation = endsObservation;
		}

		/**
		 * Records that the work for this record failed.
		 * @param error the failure
		 */
		public void error(Throwable error) {
			if (this.observation != null && !this.closed) {
				this.observation.error(error);
			}
		}

		@Override
		public void close() {
			if (this.closed || this.observation == null || this.scope == null) {
				return;
			}
			this.closed = true;
			try {
				this.scope.close();
				if (this.endsObservation) {
					this.observation.stop();
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Could not close the scope of a Kafka record in a batch", ex);
			}
		}

	}

}
