package dev.tracewire.sample.notification;

import java.nio.charset.StandardCharsets;

import dev.tracewire.sample.faults.Faults;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.DltHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Confirms each {@code OrderPlaced} on {@code shop.orders} by e-mail. A failure is retried twice through the
 * {@code shop.orders-notification-retry} topic, half a second apart, then the record goes to
 * {@code shop.orders-notification-dlt}; a malformed record goes there at once, as retrying cannot fix it.
 */
@Component
class OrderConfirmationListener {

	static final String FAILING = "failing";

	private static final Logger logger = LoggerFactory.getLogger(OrderConfirmationListener.class);

	private final JsonMapper jsonMapper;

	private final ConfirmationMailer mailer;

	private final Faults faults;

	OrderConfirmationListener(JsonMapper jsonMapper, ConfirmationMailer mailer, Faults faults) {
		this.jsonMapper = jsonMapper;
		this.mailer = mailer;
		this.faults = faults;
	}

	@RetryableTopic(attempts = "3", backOff = @BackOff(delay = 500), autoCreateTopics = "true",
			retryTopicSuffix = "-notification-retry", dltTopicSuffix = "-notification-dlt",
			exclude = JacksonException.class)
	@KafkaListener(id = "notification", groupId = "notification", topics = "shop.orders")
	void onOrderPlaced(ConsumerRecord<String, String> record) {
		if (this.faults.isOn(FAILING)) {
			throw new IllegalStateException("Fault '" + FAILING + "' is on: notification fails every order");
		}
		// A malformed value throws JacksonException, which goes to the dead-letter topic without retries.
		OrderPlaced order = (record.value() != null) ? this.jsonMapper.readValue(record.value(), OrderPlaced.class)
				: null;
		if (order == null) {
			logger.warn("Skipping an empty record at {}-{}@{}", record.topic(), record.partition(), record.offset());
			return;
		}
		// Fire-and-forget: the listener does not wait for the mail server.
		this.mailer.sendConfirmation(order);
	}

	@DltHandler
	void onDeadLetter(ConsumerRecord<String, String> record) {
		logger.error("Gave up confirming the order of record {} ({}): {}", record.key(),
				header(record, KafkaHeaders.DLT_EXCEPTION_FQCN), header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE));
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8)
				: "unknown";
	}

}
