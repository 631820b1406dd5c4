package dev.tracewire.sample.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Announces confirmed orders on the {@code shop.orders} topic: key the order id, value {@link OrderPlaced} as
 * JSON. The answer to the checkout waits for the broker's acknowledgement.
 */
@Component
class OrderEvents {

	static final String TOPIC = "shop.orders";

	private final KafkaTemplate<String, String> kafkaTemplate;

	private final JsonMapper jsonMapper;

	OrderEvents(KafkaTemplate<String, String> kafkaTemplate, JsonMapper jsonMapper) {
		this.kafkaTemplate = kafkaTemplate;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Publishes the order's {@link OrderPlaced} event; completes once the broker has it.
	 */
	Mono<Void> publish(Order order) {
		return Mono.fromCallable(() -> this.jsonMapper.writeValueAsString(OrderPlaced.of(order)))
			.flatMap((json) -> Mono.fromFuture(() -> this.kafkaTemplate.send(TOPIC, order.orderId(), json)))
			.then();
	}

	/**
	 * The event every consumer of {@code shop.orders} reads.
	 *
	 * @param orderId the order
	 * @param customerId the customer
	 * @param email the customer's e-mail address
	 * @param total what the customer paid
	 * @param currency the currency of every amount
	 * @param items the order lines
	 * @param placedAt when the order was confirmed
	 */
	record OrderPlaced(String orderId, String customerId, String email, BigDecimal total, String currency,
			List<Order.Line> items, Instant placedAt) {

		static OrderPlaced of(Order order) {
			return new OrderPlaced(order.orderId(), order.customerId(), order.email(), order.total(),
					order.currency(), order.items(), order.placedAt());
		}

	}

}
