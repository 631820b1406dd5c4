package dev.tracewire.sample.gateway;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/checkout}: who buys what. Every field may be missing from the JSON, so
 * {@link #problem()} checks it before order-service is called.
 *
 * @param customerId the customer
 * @param email where the confirmation goes
 * @param items what to buy
 */
record CheckoutRequest(@Nullable String customerId, @Nullable String email, @Nullable List<@Nullable Item> items) {

	/**
	 * One line of the checkout.
	 *
	 * @param sku the product
	 * @param quantity how many, at least one
	 */
	record Item(@Nullable String sku, int quantity) {
	}

	/**
	 * Returns what is wrong with this request, or {@code null} when it can go to order-service.
	 * @return a reason for a 400 answer, or {@code null}
	 */
	@Nullable String problem() {
		if (isBlank(this.customerId)) {
			return "customerId is required";
		}
		if (isBlank(this.email)) {
			return "email is required";
		}
		if (this.items == null || this.items.isEmpty()) {
			return "at least one item is required";
		}
		for (Item item : this.items) {
			if (item == null || isBlank(item.sku())) {
				return "every item needs a sku";
			}
			if (item.quantity() <= 0) {
				return "quantity of " + item.sku() + " must be positive";
			}
		}
		return null;
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
