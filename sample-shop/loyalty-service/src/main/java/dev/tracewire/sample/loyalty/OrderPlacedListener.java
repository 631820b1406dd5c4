package dev.tracewire.sample.loyalty;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

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
 * Earns loyalty points for each {@code OrderPlaced} on {@code shop.orders}: one point per euro spent, times the
 * product's bonus multiplier. A malformed record is logged and skipped, so it never blocks its partition.
 */
@Component
class OrderPlacedListener {

	static final String N_PLUS_ONE = "n-plus-one";

	private static final Logger logger = LoggerFactory.getLogger(OrderPlacedListener.class);

	private final JsonMapper jsonMapper;

	private final LoyaltyLedger ledger;

	private final Faults faults;

	OrderPlacedListener(JsonMapper jsonMapper, LoyaltyLedger ledger, Faults faults) {
		this.jsonMapper = jsonMapper;
		this.ledger = ledger;
		this.faults = faults;
	}

	@KafkaListener(id = "loyalty", groupId = "loyalty", topics = "shop.orders")
	void onOrderPlaced(ConsumerRecord<String, String> record) {
		OrderPlaced order = read(record);
		if (order == null) {
			return;
		}
		List<String> skus = order.items().stream().map(OrderPlaced.Item::sku).distinct().toList();
		Map<String, BigDecimal> bonuses = this.faults.isOn(N_PLUS_ONE) ? this.ledger.bonusesOneByOne(skus)
				: this.ledger.bonuses(skus);
		long points = points(order, bonuses);
		if (this.ledger.credit(order.orderId(), order.customerId(), points)) {
			logger.info("Credited {} points to {} for order {}", points, order.customerId(), order.orderId());
		}
		else {
			logger.info("Order {} was already credited; nothing to do", order.orderId());
		}
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

	private static long points(OrderPlaced order, Map<String, BigDecimal> bonuses) {
		BigDecimal points = BigDecimal.ZERO;
		for (OrderPlaced.Item item : order.items()) {
			BigDecimal multiplier = bonuses.getOrDefault(item.sku(), BigDecimal.ONE);
			points = points.add(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())).multiply(multiplier));
		}
		return points.setScale(0, RoundingMode.DOWN).longValue();
	}

}
