package dev.tracewire.sample.gateway;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The shop's public API: products from inventory-service, checkout and order lookup at order-service, their
 * answers passed through.
 */
@RestController
@RequestMapping("/api")
class GatewayController {

	private final Downstream inventory;

	private final Downstream orders;

	GatewayController(WebClient.Builder builder, @Value("${shop.inventory.url}") String inventoryUrl,
			@Value("${shop.order.url}") String orderUrl, @Value("${shop.downstream-timeout}") Duration timeout) {
		this.inventory = new Downstream("inventory-service", builder.clone().baseUrl(inventoryUrl).build(), timeout);
		this.orders = new Downstream("order-service", builder.clone().baseUrl(orderUrl).build(), timeout);
	}

	@GetMapping("/products")
	Mono<ResponseEntity<Object>> products() {
		return this.inventory.forward((client) -> client.get().uri("/products"));
	}

	@PostMapping("/checkout")
	Mono<ResponseEntity<Object>> checkout(@RequestBody CheckoutRequest request) {
		String problem = request.problem();
		if (problem != null) {
			return Mono.just(ResponseEntity.badRequest().body(new Downstream.Failure("INVALID", problem)));
		}
		return this.orders.forward((client) -> client.post().uri("/orders").bodyValue(request));
	}

	@GetMapping("/orders/{id}")
	Mono<ResponseEntity<Object>> order(@PathVariable String id) {
		return this.orders.forward((client) -> client.get().uri("/orders/{id}", id));
	}

}
