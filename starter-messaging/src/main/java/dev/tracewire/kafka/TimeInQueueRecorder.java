package dev.tracewire.kafka;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Records how long consumed records waited in Kafka, from their timestamp to the start of processing.
 */
@FunctionalInterface
public interface TimeInQueueRecorder {

	/**
	 * Records one record's wait.
	 * @param topic the topic the record was read from
	 * @param group the consumer group, if any
	 * @param timeInQueue the wait
	 */
	void record(String topic, @Nullable String group, Duration timeInQueue);

}
