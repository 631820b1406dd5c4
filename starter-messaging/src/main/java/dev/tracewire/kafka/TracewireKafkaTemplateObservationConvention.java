package dev.tracewire.kafka;

import io.micrometer.common.KeyValues;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation.DefaultKafkaTemplateObservationConvention;

/**
 * spring-kafka's template convention plus the partition (when the sender chose one), the exception that sends a
 * record to a retry or dead-letter topic, and the type of the exception a send failed with.
 * <p>
 * Everything added is high-cardinality (span attributes only). Record keys and values are never read.
 */
public class TracewireKafkaTemplateObservationConvention extends DefaultKafkaTemplateObservationConvention {

	@Override
	public KeyValues getHighCardinalityKeyValues(KafkaRecordSenderContext context) {
		ProducerRecord<?, ?> record = context.getRecord();
		KeyValues keyValues = super.getHighCardinalityKeyValues(context);
		if (record.partition() != null) {
			keyValues = keyValues.and(TracewireKafkaListenerObservationConvention.PARTITION_ID,
					Integer.toString(record.partition()));
		}
		String forwardedException = KafkaRecordFacts.forwardedExceptionType(record.headers());
		if (forwardedException != null) {
			keyValues = keyValues.and(TracewireKafkaListenerObservationConvention.FORWARDED_EXCEPTION_TYPE,
					forwardedException);
		}
		Throwable error = context.getError();
		if (error != null) {
			keyValues = keyValues.and(TracewireKafkaListenerObservationConvention.ERROR_TYPE,
					KafkaRecordFacts.unwrap(error).getClass().getName());
		}
		return keyValues;
	}

}
