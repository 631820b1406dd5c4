package dev.tracewire.kafka;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.observation.Observation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.TimestampedException;
import org.springframework.kafka.retrytopic.RetryTopicHeaders;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * What a record says about its own delivery (attempt number, time in queue, the exception that forwarded it),
 * read defensively: these headers are bytes from anyone, so a value that does not parse is simply absent.
 */
final class KafkaRecordFacts {

	/**
	 * Longest back-off spring-kafka's retry topics honour; a later due time is ignored by them too.
	 */
	static final Duration MAX_BACKOFF = Duration.ofDays(1);

	private static final String TIME_IN_QUEUE_KEY = KafkaRecordFacts.class.getName() + ".timeInQueue";

	private static final int MAX_CLASS_NAME_LENGTH = 256;

	private static final String[] FORWARDED_EXCEPTION_HEADERS = { KafkaHeaders.EXCEPTION_CAUSE_FQCN,
			KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN, KafkaHeaders.EXCEPTION_FQCN, KafkaHeaders.DLT_EXCEPTION_FQCN };

	private static final int MAX_ATTEMPTS = Short.MAX_VALUE;

	private KafkaRecordFacts() {
	}

	/**
	 * Returns the 1-based number of this processing attempt: the retry-topic attempt header when the record came
	 * through spring-kafka's retry topics, else the delivery-attempt header when the container adds it, else 1.
	 */
	static int attempt(ConsumerRecord<?, ?> record) {
		Integer retryTopicAttempt = retryTopicAttempt(record.headers());
		if (retryTopicAttempt != null) {
			return retryTopicAttempt;
		}
		Integer deliveryAttempt = intHeader(record.headers().lastHeader(KafkaHeaders.DELIVERY_ATTEMPT));
		return (deliveryAttempt != null && deliveryAttempt >= 1 && deliveryAttempt <= MAX_ATTEMPTS) ? deliveryAttempt
				: 1;
	}

	private static @Nullable Integer retryTopicAttempt(Headers headers) {
		Header header = headers.lastHeader(RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS);
		byte[] value = (header != null) ? header.value() : null;
		if (value == null) {
			return null;
		}
		// spring-kafka writes 4 bytes; older versions wrote 1.
		Integer attempt = (value.length == 1) ? Integer.valueOf(Byte.toUnsignedInt(value[0])) : intHeader(header);
		return (attempt != null && attempt >= 1 && attempt <= MAX_ATTEMPTS) ? attempt : null;
	}

	private static @Nullable Integer intHeader(@Nullable Header header) {
		byte[] value = (header != null) ? header.value() : null;
		return (value != null && value.length == Integer.BYTES) ? ByteBuffer.wrap(value).getInt() : null;
	}

	/**
	 * Returns when a retry-topic record becomes due, or {@code null} if it carries no usable back-off header.
	 */
	static @Nullable Long backoffDueTime(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(RetryTopicHeaders.DEFAULT_HEADER_BACKOFF_TIMESTAMP);
		byte[] value = (header != null) ? header.value() : null;
		if (value == null || value.length == 0 || value.length > Long.BYTES) {
			return null;
		}
		return new BigInteger(value).longValue();
	}

	/**
	 * Returns the time between the record's timestamp and now, the first time it is asked for this observation
	 * (so the value stays the time until processing started), or {@code null} when the record has no timestamp.
	 */
	static @Nullable Duration timeInQueue(Observation.Context context, ConsumerRecord<?, ?> record) {
		Long millis = context.computeIfAbsent(TIME_IN_QUEUE_KEY,
				(key) -> timeInQueueMillis(record, System.currentTimeMillis()));
		return (millis >= 0) ? Duration.ofMillis(millis) : null;
	}

	static long timeInQueueMillis(ConsumerRecord<?, ?> record, long now) {
		long timestamp = record.timestamp();
		if (timestamp < 0) {
			return -1;
		}
		// A producer clock ahead of ours is not a negative wait.
		return Math.max(0, now - timestamp);
	}

	/**
	 * Returns the class name of the exception that sent this record to a retry or dead-letter topic (the root
	 * cause when spring-kafka recorded one), or {@code null}.
	 */
	static @Nullable String forwardedExceptionType(Headers headers) {
		// Dead-letter publishing names them kafka_dlt-exception-*, retry topics kafka_exception-*.
		for (String name : FORWARDED_EXCEPTION_HEADERS) {
			String type = className(headers.lastHeader(name));
			if (type != null) {
				return type;
			}
		}
		return null;
	}

	private static @Nullable String className(@Nullable Header header) {
		byte[] value = (header != null) ? header.value() : null;
		if (value == null || value.length == 0 || value.length > MAX_CLASS_NAME_LENGTH) {
			return null;
		}
		String name = new String(value, StandardCharsets.ISO_8859_1);
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '$')) {
				return null;
			}
		}
		return name;
	}

	/**
	 * Returns the exception that matters to a reader of the span: spring-kafka's wrappers are peeled off.
	 */
	static Throwable unwrap(Throwable error) {
		Throwable current = error;
		while ((current instanceof ListenerExecutionFailedException || current instanceof TimestampedException)
				&& current.getCause() != null && current.getCause() != current) {
			current = current.getCause();
		}
		return current;
	}

}
