package dev.tracewire.sample.inventory;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /reservations}: {@code {"orderId","items":[{"sku","quantity"}]}}. Fields are nullable
 * because they come from the caller; {@link Inventory} checks them.
 *
 * @param orderId the order the stock is reserved for
 * @param items what to reserve
 */
public record ReservationRequest(@Nullable String orderId, @Nullable List<@Nullable Item> items) {

	/**
	 * One line of a reservation request.
	 *
	 * @param sku the product
	 * @param quantity how many units
	 */
	public record Item(@Nullable String sku, @Nullable Integer quantity) {

	}

}
