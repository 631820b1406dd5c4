package dev.tracewire.sample.inventory;

import java.math.BigDecimal;
import java.util.List;

/**
 * Answer to {@code POST /reservations}: {@code {"reservationId","items":[{"sku","quantity","unitPrice"}],"total"}}.
 *
 * @param reservationId the id to release the reservation with ({@code DELETE /reservations/{id}})
 * @param items the reserved lines, one per SKU, with the price at reservation time
 * @param total the sum of quantity times unit price
 */
public record Reservation(String reservationId, List<Line> items, BigDecimal total) {

	/**
	 * One reserved line.
	 *
	 * @param sku the product
	 * @param quantity the units reserved
	 * @param unitPrice the product's price
	 */
	public record Line(String sku, int quantity, BigDecimal unitPrice) {

	}

}
