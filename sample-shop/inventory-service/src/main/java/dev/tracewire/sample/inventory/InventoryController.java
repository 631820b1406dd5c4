package dev.tracewire.sample.inventory;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The inventory's HTTP API: {@code GET /products}, {@code POST /reservations}, {@code DELETE /reservations/{id}}.
 */
@RestController
class InventoryController {

	private final Inventory inventory;

	InventoryController(Inventory inventory) {
		this.inventory = inventory;
	}

	@GetMapping("/products")
	List<Product> products() {
		return this.inventory.products();
	}

	@PostMapping("/reservations")
	Reservation reserve(@RequestBody ReservationRequest request) {
		return this.inventory.reserve(request);
	}

	@DeleteMapping("/reservations/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void release(@PathVariable String id) {
		this.inventory.release(id);
	}

	@ExceptionHandler
	ResponseEntity<Problem> rejected(ReservationException ex) {
		return ResponseEntity.status(ex.httpStatus()).body(ex.problem());
	}

	@ExceptionHandler
	ResponseEntity<Problem> unreadable(HttpMessageNotReadableException ex) {
		return ResponseEntity.badRequest().body(new Problem("INVALID", "Malformed JSON request body"));
	}

}
