package dev.tracewire.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * The context of one record processed inside a batch listener (see {@link KafkaBatchTracing}): the same as a
 * record listener's, so the span has the same name and attributes, and a parent in the record's own trace.
 */
final class KafkaBatchRecordContext extends KafkaRecordReceiverContext {

	KafkaBatchRecordContext(ConsumerRecord<?, ?> record, String listenerId, @Nullable String clientId,
			@Nullable String groupId) {
		super(record, listenerId, clientId, groupId, KafkaBatchRecordContext::unknownClusterId);
	}

	@SuppressWarnings("NullAway")
	private static String unknownClusterId() {
		// spring-kafka accepts null here and then names the remote service "Apache Kafka".
		return null;
	}

}
