package dev.tracewire.sample.payment;

import java.math.BigDecimal;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Checks a charge request, has the processor authorise it and stores the outcome in {@code charges}.
 */
@Service
class Payments {

	private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

	private static final int MAX_ID_LENGTH = 64;

	private final FakeCardProcessor processor;

	private final JdbcClient jdbc;

	Payments(FakeCardProcessor processor, JdbcClient jdbc) {
		this.processor = processor;
		this.jdbc = jdbc;
	}

	/**
	 * Charges the customer.
	 * @param request the charge
	 * @return the stored charge, {@code APPROVED} or {@code DECLINED}
	 * @throws InvalidChargeException when a field is missing or malformed
	 * @throws FakeCardProcessor.ProcessorUnavailableException when the processor is down (nothing is stored)
	 */
	ChargeResponse charge(ChargeRequest request) {
		String orderId = requireId("orderId", request.orderId());
		String customerId = requireId("customerId", request.customerId());
		BigDecimal amount = request.amount();
		if (amount == null || amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2) {
			throw new InvalidChargeException("amount must be positive with at most two decimals");
		}
		String currency = request.currency();
		if (currency == null || !CURRENCY.matcher(currency).matches()) {
			throw new InvalidChargeException("currency must be a three-letter code such as EUR");
		}
		// No connection or transaction is held while the processor works.
		String status = this.processor.authorise(amount) ? "APPROVED" : "DECLINED";
		String chargeId = UUID.randomUUID().toString();
		this.jdbc.sql("""
				INSERT INTO charges (id, order_id, customer_id, amount, currency, status)
				VALUES (:id, :orderId, :customerId, :amount, :currency, :status)""")
			.param("id", chargeId)
			.param("orderId", orderId)
			.param("customerId", customerId)
			.param("amount", amount)
			.param("currency", currency)
			.param("status", status)
			.update();
		return new ChargeResponse(chargeId, status, null);
	}

	// Ids are stored in PostgreSQL, which refuses NUL characters: keep them short and plain.
	private static String requireId(String field, @Nullable String value) {
		if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH
				|| value.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidChargeException(field + " is required (at most " + MAX_ID_LENGTH + " characters)");
		}
		return value;
	}

	/**
	 * A charge request with a missing or malformed field.
	 */
	static class InvalidChargeException extends RuntimeException {

		InvalidChargeException(String reason) {
			super(reason);
		}

	}

}
