package dev.tracewire.sample.payment;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The payment's HTTP API: {@code POST /charges} answers 201 (approved), 402 (declined), 400 (bad request) or
 * 503 (processor down).
 */
@RestController
class ChargeController {

	private final Payments payments;

	ChargeController(Payments payments) {
		this.payments = payments;
	}

	@PostMapping("/charges")
	ResponseEntity<ChargeResponse> charge(@RequestBody ChargeRequest request) {
		ChargeResponse charge = this.payments.charge(request);
		HttpStatus status = charge.status().equals("APPROVED") ? HttpStatus.CREATED : HttpStatus.PAYMENT_REQUIRED;
		return ResponseEntity.status(status).body(charge);
	}

	@ExceptionHandler
	ResponseEntity<ChargeResponse> unavailable(FakeCardProcessor.ProcessorUnavailableException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(ChargeResponse.unavailable());
	}

	@ExceptionHandler
	ResponseEntity<ChargeResponse> invalid(Payments.InvalidChargeException ex) {
		return ResponseEntity.badRequest().body(ChargeResponse.invalid(String.valueOf(ex.getMessage())));
	}

	@ExceptionHandler
	ResponseEntity<ChargeResponse> unreadable(HttpMessageNotReadableException ex) {
		return ResponseEntity.badRequest().body(ChargeResponse.invalid("Malformed JSON request body"));
	}

}
