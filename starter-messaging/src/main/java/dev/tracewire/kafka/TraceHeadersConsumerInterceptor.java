package dev.tracewire.kafka;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka {@link ConsumerInterceptor} that applies {@link KafkaTraceHeaders#sanitize} to every record the consumer
 * returns, before any listener, observation or error handler reads its headers.
 * <p>
 * Tracewire adds it to the consumer factories it finds; to use it with a consumer you build yourself, list it
 * first in {@code interceptor.classes}. It never fails a poll: a record it cannot rewrite is passed on as it is.
 */
public class TraceHeadersConsumerInterceptor<K, V> implements ConsumerInterceptor<K, V> {

	private static final Log logger = LogFactory.getLog(TraceHeadersConsumerInterceptor.class);

	@Override
	public ConsumerRecords<K, V> onConsume(ConsumerRecords<K, V> records) {
		for (ConsumerRecord<K, V> record : records) {
			try {
				KafkaTraceHeaders.sanitize(record.headers());
			}
			catch (RuntimeException ex) {
				logger.debug("Could not sanitize the trace headers of a record of " + record.topic(), ex);
			}
		}
		return records;
	}

	@Override
	public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
	}

	@Override
	public void close() {
	}

	@Override
	public void configure(Map<String, ?> configs) {
	}

}
