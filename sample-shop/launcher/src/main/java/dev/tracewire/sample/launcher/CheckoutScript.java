package dev.tracewire.sample.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The scripted load: which checkouts to send (shaped for the faults that are on) and which of them to show.
 */
final class CheckoutScript {

	/** Checkouts needed to open order-service's breaker (minimum 5 calls, 50% failures) and see it open. */
	static final int BREAKER_CHECKOUTS = 10;

	/** Order lines of a checkout when loyalty's N+1 fault is on: more than the jdbc starter's threshold of 5. */
	static final int N_PLUS_ONE_LINES = 6;

	private static final int SKUS = 8;

	private CheckoutScript() {
	}

	/**
	 * Returns the checkouts to send. One of them (the second, or the only one) uses an {@code @bounce.example}
	 * address, whose confirmation e-mail fails in notification-service.
	 * @param requested how many the user asked for
	 * @param faults the faults that are on
	 * @return the requests
	 */
	static List<CheckoutRequest> requests(int requested, Set<Fault> faults) {
		int count = faults.contains(Fault.PAYMENT_DOWN) ? Math.max(requested, BREAKER_CHECKOUTS) : requested;
		int bounce = Math.min(1, count - 1);
		List<CheckoutRequest> requests = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String customer = "c-" + (i + 1);
			String email = customer + ((i == bounce) ? "@bounce.example" : "@example.com");
			int lines = faults.contains(Fault.LOYALTY_N_PLUS_ONE) ? N_PLUS_ONE_LINES : 1 + i % 3;
			requests.add(new CheckoutRequest(customer, email, items(i, lines)));
		}
		return requests;
	}

	/**
	 * Returns order lines of distinct products.
	 * @param seed varies the products
	 * @param lines how many lines
	 * @return the lines
	 */
	static List<CheckoutRequest.Item> items(int seed, int lines) {
		List<CheckoutRequest.Item> items = new ArrayList<>();
		for (int line = 0; line < lines; line++) {
			items.add(new CheckoutRequest.Item("SKU-" + ((seed + line) % SKUS + 1), 1 + (seed + line) % 2));
		}
		return items;
	}

	/**
	 * Sends the checkouts one after the other.
	 * @param client the shop
	 * @param requests what to send
	 * @param progress told after each one
	 * @return the results in order
	 */
	static List<Checkout> run(ShopClient client, List<CheckoutRequest> requests, Consumer<Checkout> progress) {
		List<Checkout> checkouts = new ArrayList<>();
		for (CheckoutRequest request : requests) {
			Checkout checkout = client.checkout(checkouts.size() + 1, request);
			checkouts.add(checkout);
			progress.accept(checkout);
		}
		return checkouts;
	}

	/**
	 * Picks the checkouts whose traces show the run best: with payment down, the first failure (payment's error
	 * spans) and the last one (breaker open, no payment span); with consumer lag, the last one (the longest wait);
	 * with another fault, the first confirmed one whose e-mail does not bounce (so that the fault is the only
	 * error); without faults, the bounced e-mail's (every service and an error).
	 * @param checkouts what was sent
	 * @param faults the faults that are on
	 * @return one or two checkouts with a trace id, empty when none has one
	 */
	static List<Checkout> featured(List<Checkout> checkouts, Set<Fault> faults) {
		List<Checkout> traced = checkouts.stream().filter((checkout) -> checkout.traceId() != null).toList();
		if (traced.isEmpty()) {
			return List.of();
		}
		if (faults.contains(Fault.PAYMENT_DOWN)) {
			List<Checkout> failed = traced.stream().filter((checkout) -> checkout.status() == 503).toList();
			if (failed.size() >= 2) {
				return List.of(failed.get(0), failed.get(failed.size() - 1));
			}
		}
		List<Checkout> confirmed = traced.stream().filter(Checkout::confirmed).toList();
		if (faults.contains(Fault.ANALYTICS_CONSUMER_LAG) && !confirmed.isEmpty()) {
			return List.of(confirmed.get(confirmed.size() - 1));
		}
		boolean bounce = faults.isEmpty();
		return List.of(confirmed.stream()
			.filter((checkout) -> checkout.bounces() == bounce)
			.findFirst()
			.orElse(confirmed.isEmpty() ? traced.get(0) : confirmed.get(0)));
	}

}
