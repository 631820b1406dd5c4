package dev.tracewire.sample.order;

import java.math.BigDecimal;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Reserves and releases stock at inventory-service, with a {@link WebClient} built from Boot's builder (which is
 * what makes its calls traced).
 */
@Component
class InventoryClient {

	private static final Log logger = LogFactory.getLog(InventoryClient.class);

	private final WebClient webClient;

	InventoryClient(WebClient.Builder builder, @Value("${shop.inventory.url}") String url) {
		this.webClient = builder.baseUrl(url).build();
	}

	/**
	 * Reserves the items: the reservation with inventory's prices, a {@link CheckoutFailure} (409) when inventory
	 * refuses (out of stock, unknown product), or a {@link CheckoutFailure} (503) when it cannot answer.
	 */
	Mono<Reservation> reserve(String orderId, List<OrderRequest.Item> items) {
		return this.webClient.post()
			.uri("/reservations")
			.bodyValue(new ReservationRequest(orderId, items))
			.exchangeToMono(this::reservation)
			.onErrorMap(WebClientRequestException.class,
					(ex) -> CheckoutFailure.inventoryUnavailable("inventory-service is unreachable or did not answer"));
	}

	/**
	 * Gives the reserved stock back. Never fails: a release that does not arrive is logged, the checkout's answer
	 * stays the same.
	 */
	Mono<Void> release(String reservationId) {
		return this.webClient.delete()
			.uri("/reservations/{id}", reservationId)
			.retrieve()
			.toBodilessEntity()
			.then()
			.onErrorResume((ex) -> {
				logger.warn("Could not release reservation " + reservationId + ": " + ex);
				return Mono.empty();
			});
	}

	private Mono<Reservation> reservation(ClientResponse response) {
		int status = response.statusCode().value();
		if (response.statusCode().is2xxSuccessful()) {
			return response.bodyToMono(Reservation.class)
				.switchIfEmpty(Mono.error(() -> CheckoutFailure
					.inventoryUnavailable("inventory-service answered " + status + " without a reservation")));
		}
		if (response.statusCode().is4xxClientError()) {
			return response.bodyToMono(Refusal.class)
				.onErrorResume((ex) -> Mono.empty())
				.mapNotNull(Refusal::reasonOrDetail)
				.defaultIfEmpty((status == 409) ? "out of stock"
						: "inventory-service refused the reservation (" + status + ")")
				.flatMap((reason) -> Mono.error(CheckoutFailure.rejected(reason)));
		}
		return Mono.error(CheckoutFailure.inventoryUnavailable("inventory-service answered " + status));
	}

	/**
	 * The body of {@code POST /reservations}.
	 *
	 * @param orderId the order the stock is for
	 * @param items what to reserve
	 */
	record ReservationRequest(String orderId, List<OrderRequest.Item> items) {
	}

	/**
	 * Stock held for one order, priced.
	 *
	 * @param reservationId the reservation, to release it
	 * @param items the reserved lines with their unit prices
	 * @param total the sum of the lines
	 */
	record Reservation(String reservationId, List<Order.Line> items, BigDecimal total) {
	}

	/**
	 * What inventory says when it refuses: {@code reason} or, in a problem detail, {@code detail}.
	 *
	 * @param reason the refusal's reason
	 * @param detail a problem detail's explanation
	 */
	record Refusal(@Nullable String reason, @Nullable String detail) {

		@Nullable String reasonOrDetail() {
			return (this.reason != null) ? this.reason : this.detail;
		}

	}

}
