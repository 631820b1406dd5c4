package dev.tracewire.sample.inventory;

import org.springframework.http.HttpStatus;

/**
 * A reservation or release that cannot be done, with the HTTP status and {@link Problem} it answers with.
 * Thrown inside the transaction, so nothing it touched is kept.
 */
public class ReservationException extends RuntimeException {

	private final HttpStatus httpStatus;

	private final String status;

	private ReservationException(HttpStatus httpStatus, String status, String reason) {
		super(reason);
		this.httpStatus = httpStatus;
		this.status = status;
	}

	static ReservationException invalid(String reason) {
		return new ReservationException(HttpStatus.BAD_REQUEST, "INVALID", reason);
	}

	static ReservationException notFound(String reason) {
		return new ReservationException(HttpStatus.NOT_FOUND, "NOT_FOUND", reason);
	}

	static ReservationException outOfStock(String reason) {
		return new ReservationException(HttpStatus.CONFLICT, "REJECTED", reason);
	}

	HttpStatus httpStatus() {
		return this.httpStatus;
	}

	Problem problem() {
		return new Problem(this.status, String.valueOf(getMessage()));
	}

}
