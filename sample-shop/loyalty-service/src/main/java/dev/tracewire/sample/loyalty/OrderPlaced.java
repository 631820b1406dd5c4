package dev.tracewire.sample.loyalty;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code shop.orders} event (CONTRACT.md), reduced to the fields loyalty reads; a payload without them is
 * malformed (Jackson reports the exception the constructor throws).
 *
 * @param orderId the order
 * @param customerId the customer who earns the points
 * @param items the order lines
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OrderPlaced(String orderId, String customerId, List<Item> items) {

	OrderPlaced {
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(customerId, "customerId");
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

	}

}
