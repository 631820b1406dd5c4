package dev.tracewire.kafka;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Skips the listener observation of a retry-topic record that arrives before its back-off is over.
 * <p>
 * spring-kafka hands such a record to the listener, which pauses the partition and throws before the record is
 * processed; the record comes back when it is due. That early delivery is not an attempt, and spring-kafka never
 * stops its observation (the listener adapter that would stop it is never reached), so without this predicate
 * each back-off would leave a span open. The check uses the same clock and the same one-day ceiling as
 * spring-kafka: an observation this predicate lets through is never one that backs off.
 */
public final class RetryBackoffObservationPredicate implements ObservationPredicate {

	@Override
	public boolean test(String name, Observation.Context context) {
		if (!(context instanceof KafkaRecordReceiverContext receiverContext)
				|| context instanceof KafkaBatchRecordContext) {
			return true;
		}
		ConsumerRecord<?, ?> record = receiverContext.getRecord();
		Long due = KafkaRecordFacts.backoffDueTime(record);
		if (due == null) {
			return true;
		}
		long wait = due - System.currentTimeMillis();
		return wait <= 0 || wait > KafkaRecordFacts.MAX_BACKOFF.toMillis();
	}

}
