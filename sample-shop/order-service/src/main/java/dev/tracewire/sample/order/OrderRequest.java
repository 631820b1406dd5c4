package dev.tracewire.sample.order;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /orders}: who buys what. Every field may be missing from the JSON, so {@link #problem()}
 * checks it before anything else happens.
 *
 * @param customerId the customer
 * @param email where the confirmation goes
 * @param items what to buy
 */
record OrderRequest(@Nullable String customerId, @Nullable String email, @Nullable List<@Nullable Item> items) {

	/**
	 * One line of the order.
	 *
	 * @param sku the product
	 * @param quantity how many, at least one
	 */
	record Item(@Nullable String sku, int quantity) {
	}

	/**
	 * Returns what is wrong with this request, or {@code null} when it can be placed.
	 * @return a reason for a 400 answer, or {@code null}
	 */
	@Nullable String problem() {
		if (isBlank(this.customerId) || this.customerId.length() > 100) {
			return "customerId is required (at most 100 characters)";
		}
		if (isBlank(this.email) || this.email.length() > 320) {
			return "email is required (at most 320 characters)";
		}
		if (this.items == null || this.items.isEmpty()) {
			return "at least one item is required";
		}
		for (Item item : this.items) {
			if (item == null || isBlank(item.sku()) || item.sku().length() > 64) {
				return "every item needs a sku (at most 64 characters)";
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
