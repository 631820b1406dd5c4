package dev.tracewire.kafka;

import java.time.Duration;

import io.micrometer.common.KeyValues;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.util.StringUtils;

/**
 * spring-kafka's listener convention plus what a trace reader needs: current OpenTelemetry messaging attribute
 * names, the attempt number, the time the record waited in Kafka, the exception that forwarded it to a retry or
 * dead-letter topic and the type of the exception the listener failed with.
 * <p>
 * Everything added is high-cardinality (span attributes only): the {@code spring.kafka.listener} timer keeps the
 * tags spring-kafka gives it. Record keys and values are never read. To add your own key values, extend this class
 * and declare it as a bean.
 */
public class TracewireKafkaListenerObservationConvention extends DefaultKafkaListenerObservationConvention {

	/**
	 * Topic the record was read from.
	 */
	public static final String DESTINATION_NAME = "messaging.destination.name";

	/**
	 * Partition the record was read from.
	 */
	public static final String PARTITION_ID = "messaging.destination.partition.id";

	/**
	 * Offset of the record.
	 */
	public static final String OFFSET = "messaging.kafka.offset";

	/**
	 * Consumer group, when the listener has one.
	 */
	public static final String CONSUMER_GROUP_NAME = "messaging.consumer.group.name";

	/**
	 * 1-based processing attempt (retry topics count across topics).
	 */
	public static final String DELIVERY_ATTEMPT = "messaging.kafka.delivery.attempt";

	/**
	 * Milliseconds between the record's timestamp and the start of processing.
	 */
	public static final String TIME_IN_QUEUE_MS = "messaging.kafka.time_in_queue.ms";

	/**
	 * Class of the exception that sent the record to this retry or dead-letter topic (root cause first).
	 */
	public static final String FORWARDED_EXCEPTION_TYPE = "messaging.kafka.dlt.exception.type";

	/**
	 * Class of the exception processing failed with.
	 */
	public static final String ERROR_TYPE = "error.type";

	@Override
	public KeyValues getHighCardinalityKeyValues(KafkaRecordReceiverContext context) {
		ConsumerRecord<?, ?> record = context.getRecord();
		KeyValues keyValues = super.getHighCardinalityKeyValues(context).and(DESTINATION_NAME, record.topic(),
				PARTITION_ID, Integer.toString(record.partition()), OFFSET, Long.toString(record.offset()),
				DELIVERY_ATTEMPT, Integer.toString(KafkaRecordFacts.attempt(record)));
		if (StringUtils.hasText(context.getGroupId())) {
			keyValues = keyValues.and(CONSUMER_GROUP_NAME, context.getGroupId());
		}
		Duration timeInQueue = KafkaRecordFacts.timeInQueue(context, record);
		if (timeInQueue != null) {
			keyValues = keyValues.and(TIME_IN_QUEUE_MS, Long.toString(timeInQueue.toMillis()));
		}
		String forwardedException = KafkaRecordFacts.forwardedExceptionType(record.headers());
		if (forwardedException != null) {
			keyValues = keyValues.and(FORWARDED_EXCEPTION_TYPE, forwardedException);
		}
		Throwable error = context.getError();
		if (error != null) {
			keyValues = keyValues.and(ERROR_TYPE, KafkaRecordFacts.unwrap(error).getClass().getName());
		}
		return keyValues;
	}

}
