package dev.tracewire.sample.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code shop.orders} event (CONTRACT.md), reduced to the fields analytics reads; a payload without them is
 * malformed (Jackson reports the exception the constructor throws).
 *
 * @param orderId the order
 * @param total what the customer paid
 * @param items the order lines
 * @param placedAt when the order was confirmed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OrderPlaced(String orderId, BigDecimal total, List<Item> items, Instant placedAt) {

	OrderPlaced {
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(total, "total");
		Objects.requireNonNull(placedAt, "placedAt");
		if (items == null || items.isEmpty()) {
			throw new IllegalArgumentException("An order has at least one item");
		}
		items = List.copyOf(items);
	}

	/**
	 * One order line.
	 *
	 * @param sku the product
	 * @param quantity how many
	 * @param unitPrice the price of one
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Item(String sku, int quantity, BigDecimal unitPrice) {

		Item {
			Objects.requireNonNull(sku, "sku");
			Objects.requireNonNull(unitPrice, "unitPrice");
			if (quantity < 1) {
				throw new IllegalArgumentException("A line has a quantity of at least 1");
			}
		}

		BigDecimal revenue() {
			return this.unitPrice.multiply(BigDecimal.valueOf(this.quantity));
		}

	}

}
