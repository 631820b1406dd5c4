package dev.tracewire.sample.order;

import org.springframework.http.HttpStatus;

/**
 * Why a checkout did not go through: the HTTP status and the {@code status} field order-service answers with, and
 * a reason for the customer. An expected outcome, so it carries no stack trace.
 */
final class CheckoutFailure extends RuntimeException {

	private final HttpStatus httpStatus;

	private final String status;

	private CheckoutFailure(HttpStatus httpStatus, String status, String reason) {
		super(reason, null, false, false);
		this.httpStatus = httpStatus;
		this.status = status;
	}

	static CheckoutFailure invalid(String reason) {
		return new CheckoutFailure(HttpStatus.BAD_REQUEST, "INVALID", reason);
	}

	static CheckoutFailure rejected(String reason) {
		return new CheckoutFailure(HttpStatus.CONFLICT, "REJECTED", reason);
	}

	static CheckoutFailure paymentUnavailable(String reason) {
		return new CheckoutFailure(HttpStatus.SERVICE_UNAVAILABLE, "PAYMENT_UNAVAILABLE", reason);
	}

	static CheckoutFailure inventoryUnavailable(String reason) {
		return new CheckoutFailure(HttpStatus.SERVICE_UNAVAILABLE, "INVENTORY_UNAVAILABLE", reason);
	}

	static CheckoutFailure orderFailed(String reason) {
		return new CheckoutFailure(HttpStatus.SERVICE_UNAVAILABLE, "ORDER_FAILED", reason);
	}

	HttpStatus httpStatus() {
		return this.httpStatus;
	}

	String status() {
		return this.status;
	}

}
