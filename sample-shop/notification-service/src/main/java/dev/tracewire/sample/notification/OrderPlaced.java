package dev.tracewire.sample.notification;

import java.math.BigDecimal;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code shop.orders} event (CONTRACT.md), reduced to the fields a confirmation needs; a payload without them is
 * malformed (Jackson reports the exception the constructor throws).
 *
 * @param orderId the order
 * @param email where the confirmation goes
 * @param total what the customer paid
 * @param currency the currency of the total
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OrderPlaced(String orderId, String email, BigDecimal total, String currency) {

	OrderPlaced {
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(email, "email");
		Objects.requireNonNull(total, "total");
		Objects.requireNonNull(currency, "currency");
	}

}
