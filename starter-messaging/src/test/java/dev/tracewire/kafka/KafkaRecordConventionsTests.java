package dev.tracewire.kafka;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Tracewire reads from a record's own headers, read defensively, without a broker.
 */
class KafkaRecordConventionsTests {

	private final TracewireKafkaListenerObservationConvention listenerConvention = new TracewireKafkaListenerObservationConvention();

	@Test
	void listenerSpanNamesTopicPartitionOffsetGroupAttemptAndTimeInQueueButNeverKeyOrValue() {
		ConsumerRecord<String, String> record = record(System.currentTimeMillis() - 1500);
		record.headers().add("retry_topic-attempts", intBytes(3));
		KeyValues keyValues = this.listenerConvention.getHighCardinalityKeyValues(context(record));

		assertThat(value(keyValues, "messaging.destination.name")).contains("orders");
		assertThat(value(keyValues, "messaging.destination.partition.id")).contains("2");
		assertThat(value(keyValues, "messaging.kafka.offset")).contains("42");
		assertThat(value(keyValues, "messaging.consumer.group.name")).contains("billing");
		assertThat(value(keyValues, "messaging.kafka.delivery.attempt")).contains("3");
		assertThat(Long.parseLong(value(keyValues, "messaging.kafka.time_in_queue.ms").orElseThrow()))
			.isBetween(1500L, 10_000L);
		assertThat(keyValues.stream().map(KeyValue::getValue)).noneMatch((v) -> v.contains("secret"));
	}

	@Test
	void timeInQueueIsMeasuredOnceWhenProcessingStarts() throws Exception {
		KafkaRecordReceiverContext context = context(record(System.currentTimeMillis() - 100));
		String atStart = value(this.listenerConvention.getHighCardinalityKeyValues(context),
				"messaging.kafka.time_in_queue.ms").orElseThrow();
		Thread.sleep(50);
		assertThat(value(this.listenerConvention.getHighCardinalityKeyValues(context),
				"messaging.kafka.time_in_queue.ms")).contains(atStart);
	}

	@Test
	void recordsWithoutTimestampOrFromAClockAheadHaveNoNegativeWait() {
		assertThat(KafkaRecordFacts.timeInQueueMillis(record(-1), 1000)).isEqualTo(-1);
		assertThat(KafkaRecordFacts.timeInQueueMillis(record(5000), 1000)).isZero();
	}

	@Test
	void attemptIgnoresHeadersThatDoNotParse() {
		for (byte[] garbage : new byte[][] { {}, { 1, 2, 3 }, intBytes(0), intBytes(-5), intBytes(1_000_000),
				"two".getBytes(StandardCharsets.UTF_8) }) {
			ConsumerRecord<String, String> record = record(0);
			record.headers().add("retry_topic-attempts", garbage);
			record.headers().add("kafka_deliveryAttempt", garbage);
			assertThat(KafkaRecordFacts.attempt(record)).isEqualTo(1);
		}
		ConsumerRecord<String, String> oneByte = record(0);
		oneByte.headers().add("retry_topic-attempts", new byte[] { 4 });
		assertThat(KafkaRecordFacts.attempt(oneByte)).isEqualTo(4);
		ConsumerRecord<String, String> delivered = record(0);
		delivered.headers().add("kafka_deliveryAttempt", intBytes(2));
		assertThat(KafkaRecordFacts.attempt(delivered)).isEqualTo(2);
	}

	@Test
	void forwardedExceptionTypeMustLookLikeAClassName() {
		RecordHeaders headers = new RecordHeaders();
		headers.add("kafka_exception-fqcn", "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8));
		assertThat(KafkaRecordFacts.forwardedExceptionType(headers)).isEqualTo("java.lang.IllegalStateException");
		headers.add("kafka_exception-cause-fqcn", "com.example.Db$Down".getBytes(StandardCharsets.UTF_8));
		assertThat(KafkaRecordFacts.forwardedExceptionType(headers)).isEqualTo("com.example.Db$Down");

		RecordHeaders hostile = new RecordHeaders();
		hostile.add("kafka_dlt-exception-fqcn", "Evil\r\nInjected: yes".getBytes(StandardCharsets.UTF_8));
		hostile.add("kafka_exception-fqcn", ("a".repeat(300)).getBytes(StandardCharsets.UTF_8));
		assertThat(KafkaRecordFacts.forwardedExceptionType(hostile)).isNull();
	}

	@Test
	void errorTypeIsTheListenersExceptionNotSpringKafkasWrapper() {
		KafkaRecordReceiverContext context = context(record(0));
		context.setError(new ListenerExecutionFailedException("listener failed", new IllegalArgumentException()));
		assertThat(value(this.listenerConvention.getHighCardinalityKeyValues(context), "error.type"))
			.contains(IllegalArgumentException.class.getName());
	}

	@Test
	void templateSpanNamesTheChosenPartitionAndTheForwardedException() {
		ProducerRecord<String, String> record = new ProducerRecord<>("orders-dlt", 1, "secret-key", "secret-value");
		record.headers().add("kafka_dlt-exception-fqcn", "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8));
		KeyValues keyValues = new TracewireKafkaTemplateObservationConvention()
			.getHighCardinalityKeyValues(new KafkaRecordSenderContext(record, "kafkaTemplate", () -> "cluster"));
		assertThat(value(keyValues, "messaging.destination.partition.id")).contains("1");
		assertThat(value(keyValues, "messaging.kafka.dlt.exception.type")).contains("java.lang.IllegalStateException");
		assertThat(keyValues.stream().map(KeyValue::getValue)).noneMatch((v) -> v.contains("secret"));
	}

	@Test
	void backoffPredicateSkipsOnlyDeliveriesThatWillBackOff() {
		RetryBackoffObservationPredicate predicate = new RetryBackoffObservationPredicate();
		long now = System.currentTimeMillis();
		assertThat(predicate.test("listener", context(withBackoff(now + 60_000)))).isFalse();
		assertThat(predicate.test("listener", context(withBackoff(now - 1)))).isTrue();
		assertThat(predicate.test("listener", context(withBackoff(now + 2 * 86_400_000L)))).isTrue();
		assertThat(predicate.test("listener", context(record(0)))).isTrue();
		ConsumerRecord<String, String> garbage = record(0);
		garbage.headers().add("retry_topic-backoff-timestamp", new byte[20]);
		assertThat(predicate.test("listener", context(garbage))).isTrue();
		assertThat(predicate.test("other", new Observation.Context())).isTrue();
		ConsumerRecord<String, String> inBatch = withBackoff(now + 60_000);
		KafkaBatchContext batch = new KafkaBatchContext(
				new ConsumerRecords<>(Map.of(new TopicPartition("orders", 2), List.of(inBatch)), Map.of()), "listener",
				"billing", null);
		assertThat(predicate.test("batch record", new KafkaBatchRecordContext(inBatch, batch))).isTrue();
	}

	private static ConsumerRecord<String, String> withBackoff(long due) {
		ConsumerRecord<String, String> record = record(0);
		record.headers().add("retry_topic-backoff-timestamp", BigInteger.valueOf(due).toByteArray());
		return record;
	}

	private static ConsumerRecord<String, String> record(long timestamp) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("x-api-key", "secret".getBytes(StandardCharsets.UTF_8));
		return new ConsumerRecord<>("orders", 2, 42, timestamp, TimestampType.CREATE_TIME, 6, 12, "secret-key",
				"secret-value", headers, Optional.empty());
	}

	private static KafkaRecordReceiverContext context(ConsumerRecord<?, ?> record) {
		return new KafkaRecordReceiverContext(record, "billing-listener", "client-1", "billing", () -> "cluster");
	}

	private static byte[] intBytes(int value) {
		return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
	}

	private static Optional<String> value(KeyValues keyValues, String key) {
		return keyValues.stream().filter((keyValue) -> keyValue.getKey().equals(key)).map(KeyValue::getValue)
			.findFirst();
	}

}
