package dev.tracewire.sample.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as order-service stores it: who bought what, at the prices inventory reserved it for.
 *
 * @param orderId the order's id (a UUID)
 * @param customerId the customer
 * @param email the customer's e-mail address
 * @param status {@code CONFIRMED} once stored
 * @param total what the customer paid
 * @param currency the currency of every amount
 * @param placedAt when the order was confirmed
 * @param items the order lines
 */
record Order(String orderId, String customerId, String email, String status, BigDecimal total, String currency,
		Instant placedAt, List<Line> items) {

	/**
	 * One order line.
	 *
	 * @param sku the product
	 * @param quantity how many
	 * @param unitPrice the price of one, as reserved
	 */
	record Line(String sku, int quantity, BigDecimal unitPrice) {
	}

	Order withItems(List<Line> items) {
		return new Order(this.orderId, this.customerId, this.email, this.status, this.total, this.currency,
				this.placedAt, items);
	}

}
