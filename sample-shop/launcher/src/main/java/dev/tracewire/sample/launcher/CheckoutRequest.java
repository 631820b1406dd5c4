package dev.tracewire.sample.launcher;

import java.util.List;

/**
 * The body of {@code POST /api/checkout}.
 *
 * @param customerId the customer
 * @param email where the confirmation goes ({@code @bounce.example} addresses fail in notification-service)
 * @param items the order lines
 */
record CheckoutRequest(String customerId, String email, List<Item> items) {

	/**
	 * One order line.
	 *
	 * @param sku {@code SKU-1} to {@code SKU-8}
	 * @param quantity how many
	 */
	record Item(String sku, int quantity) {
	}

}
