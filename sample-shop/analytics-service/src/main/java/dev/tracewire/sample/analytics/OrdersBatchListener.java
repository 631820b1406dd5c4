package dev.tracewire.sample.analytics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tracewire.sample.faults.Faults;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads {@code shop.orders} in batches (spring.kafka.listener.type=batch) and adds each batch to the sales
 * aggregates, then asks for a dashboard refresh without waiting for it. Malformed records are logged and skipped;
 * the rest of their batch still counts.
 */
@Component
class OrdersBatchListener {

	static final String CONSUMER_LAG = "consumer-lag";

	private static final Duration LAG = Duration.ofSeconds(3);

	private static final Logger logger = LoggerFactory.getLogger(OrdersBatchListener.class);

	private final JsonMapper jsonMapper;

	private final SalesAggregates aggregates;

	private final Dashboard dashboard;

	private final Faults faults;

	OrdersBatchListener(JsonMapper jsonMapper, SalesAggregates aggregates, Dashboard dashboard, Faults faults) {
		this.jsonMapper = jsonMapper;
		this.aggregates = aggregates;
		this.dashboard = dashboard;
		this.faults = faults;
	}

	@KafkaListener(id = "analytics", groupId = "analytics", topics = "shop.orders")
	void onOrders(List<ConsumerRecord<String, String>> records) throws InterruptedException {
		if (this.faults.isOn(CONSUMER_LAG)) {
			Thread.sleep(LAG.toMillis());
		}
		List<OrderPlaced> orders = new ArrayList<>(records.size());
		for (ConsumerRecord<String, String> record : records) {
			OrderPlaced order = read(record);
			if (order != null) {
				orders.add(order);
			}
		}
		if (!orders.isEmpty()) {
			this.aggregates.add(orders);
			this.dashboard.refreshTopSellers();
		}
		logger.info("Added {} orders of a batch of {} records", orders.size(), records.size());
	}

	private @Nullable OrderPlaced read(ConsumerRecord<String, String> record) {
		String coordinates = record.topic() + "-" + record.partition() + "@" + record.offset();
		if (record.value() == null) {
			logger.warn("Skipping empty record at {}", coordinates);
			return null;
		}
		try {
			return this.jsonMapper.readValue(record.value(), OrderPlaced.class);
		}
		catch (JacksonException ex) {
			logger.warn("Skipping malformed order at {}: {}", coordinates, ex.getOriginalMessage());
			return null;
		}
	}

}
