package dev.tracewire.sample.order;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The checkout flow, in this order: reserve the stock, charge the customer (the stock goes back if that fails),
 * store the order, announce it on Kafka.
 */
@Service
class Checkout {

	static final String CURRENCY = "EUR";

	private static final Log logger = LogFactory.getLog(Checkout.class);

	private final InventoryClient inventory;

	private final PaymentClient payment;

	private final OrderRepository orders;

	private final OrderEvents events;

	Checkout(InventoryClient inventory, PaymentClient payment, OrderRepository orders, OrderEvents events) {
		this.inventory = inventory;
		this.payment = payment;
		this.orders = orders;
		this.events = events;
	}

	/**
	 * Places a validated order: the confirmed order, or a {@link CheckoutFailure} saying why not.
	 */
	Mono<Order> place(OrderRequest request) {
		String orderId = UUID.randomUUID().toString();
		return this.inventory.reserve(orderId, Objects.requireNonNull(request.items()))
			.flatMap((reservation) -> pay(orderId, request, reservation)
				.then(Mono.defer(() -> confirm(orderId, request, reservation))));
	}

	private Mono<PaymentClient.Charge> pay(String orderId, OrderRequest request,
			InventoryClient.Reservation reservation) {
		var charge = new PaymentClient.ChargeRequest(orderId, Objects.requireNonNull(request.customerId()),
				reservation.total(), CURRENCY);
		return this.payment.charge(charge)
			.onErrorResume((ex) -> this.inventory.release(reservation.reservationId()).then(Mono.error(ex)));
	}

	private Mono<Order> confirm(String orderId, OrderRequest request, InventoryClient.Reservation reservation) {
		Order order = new Order(orderId, Objects.requireNonNull(request.customerId()),
				Objects.requireNonNull(request.email()), "CONFIRMED", reservation.total(), CURRENCY, Instant.now(),
				reservation.items());
		return this.orders.save(order)
			.then(this.events.publish(order))
			.thenReturn(order)
			.doOnError((ex) -> logger.error("Order " + orderId + " was paid but could not be recorded", ex))
			.onErrorMap((ex) -> CheckoutFailure.orderFailed("the order could not be recorded ("
					+ ex.getClass().getSimpleName() + ")"));
	}

}
