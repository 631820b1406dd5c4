package dev.tracewire.sample.order;

import java.math.BigDecimal;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * order-service's HTTP API: {@code POST /orders} places an order (201, 400, 409 or 503),
 * {@code GET /orders/{id}} reads one back (200 or 404).
 */
@RestController
class OrderController {

	private static final Log logger = LogFactory.getLog(OrderController.class);

	private final Checkout checkout;

	private final OrderRepository orders;

	OrderController(Checkout checkout, OrderRepository orders) {
		this.checkout = checkout;
		this.orders = orders;
	}

	@PostMapping("/orders")
	Mono<ResponseEntity<Placed>> place(@RequestBody OrderRequest request) {
		String problem = request.problem();
		if (problem != null) {
			return Mono.error(CheckoutFailure.invalid(problem));
		}
		return this.checkout.place(request)
			.map((order) -> ResponseEntity.status(HttpStatus.CREATED)
				.body(new Placed(order.orderId(), order.status(), order.total())));
	}

	@GetMapping("/orders/{id}")
	Mono<ResponseEntity<OrderView>> find(@PathVariable String id) {
		return this.orders.find(id)
			.map((order) -> ResponseEntity.ok(OrderView.of(order)))
			.defaultIfEmpty(ResponseEntity.notFound().build());
	}

	@ExceptionHandler
	ResponseEntity<Failure> failed(CheckoutFailure failure) {
		logger.info("Checkout answered " + failure.httpStatus().value() + " " + failure.status() + ": "
				+ failure.getMessage());
		return ResponseEntity.status(failure.httpStatus()).body(new Failure(failure.status(), failure.getMessage()));
	}

	/**
	 * The answer to a placed order.
	 *
	 * @param orderId the new order's id
	 * @param status {@code CONFIRMED}
	 * @param total what the customer paid
	 */
	record Placed(String orderId, String status, BigDecimal total) {
	}

	/**
	 * The answer to a checkout that did not go through.
	 *
	 * @param status {@code INVALID}, {@code REJECTED}, {@code PAYMENT_UNAVAILABLE}, ...
	 * @param reason why, for the customer
	 */
	record Failure(String status, String reason) {
	}

	/**
	 * An order as {@code GET /orders/{id}} shows it.
	 *
	 * @param orderId the order
	 * @param customerId the customer
	 * @param status the order's status
	 * @param total what the customer paid
	 * @param items the order lines
	 */
	record OrderView(String orderId, String customerId, String status, BigDecimal total, List<Order.Line> items) {

		static OrderView of(Order order) {
			return new OrderView(order.orderId(), order.customerId(), order.status(), order.total(), order.items());
		}

	}

}
