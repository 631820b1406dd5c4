package dev.tracewire.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * The context of one record processed inside a batch listener (a record span, or a {@link KafkaBatchTracing}
 * scope): the same as a record listener's, so the span has the same name and attributes, and a parent in the
 * record's own trace.
 */
final class KafkaBatchRecordContext extends KafkaRecordReceiverContext {

	private final KafkaBatchContext batch;

	KafkaBatchRecordContext(ConsumerRecord<?, ?> record, KafkaBatchContext batch) {
		super(record, batch.getListenerId(), batch.getClientId(), batch.getGroupId(),
				KafkaBatchRecordContext::unknownClusterId);
		this.batch = batch;
	}

	/**
	 * Returns the context of the batch the record came in.
	 */
	KafkaBatchContext getBatch() {
		return this.batch;
	}

	@SuppressWarnings("NullAway")
	private static String unknownClusterId() {
		// spring-kafka accepts null here and then names the remote service "Apache Kafka".
		return null;
	}

}
