package dev.tracewire.sample.payment;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /charges}: {@code {"orderId","customerId","amount","currency"}}. Fields are nullable because
 * they come from the caller; {@link Payments} checks them.
 *
 * @param orderId the order being paid
 * @param customerId who pays
 * @param amount how much, at most two decimals
 * @param currency ISO 4217 code, for example {@code EUR}
 */
public record ChargeRequest(@Nullable String orderId, @Nullable String customerId, @Nullable BigDecimal amount,
		@Nullable String currency) {

}
