package dev.tracewire.sample.launcher;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The fault scenarios of CONTRACT.md, named {@code <service>.<fault>} on the launcher's command line: what
 * happens and what the trace shows.
 */
enum Fault {

	INVENTORY_SLOW_QUERY(ShopService.INVENTORY, "slow-query", "the stock query takes 2 s longer",
			"a 2 s SELECT under inventory-service's reservation, marked 'slow query'"),

	PAYMENT_DOWN(ShopService.PAYMENT, "down", "every charge answers 503",
			"payment-service spans marked ERROR, then, once the breaker is open, order-service answers 503 at once "
					+ "with no payment span at all"),

	PAYMENT_SLOW(ShopService.PAYMENT, "slow", "every charge takes 5 s",
			"order-service's payment call cut at 3 s (timeout) while payment-service goes on for 5 s"),

	LOYALTY_N_PLUS_ONE(ShopService.LOYALTY, "n-plus-one", "loads each order line's bonus with its own query",
			"six identical SELECTs under loyalty-service's listener span, which carries the N+1 event"),

	NOTIFICATION_FAILING(ShopService.NOTIFICATION, "failing", "the listener throws",
			"three attempts of notification-service's listener (main topic, then retries), then the dead-letter span"),

	ANALYTICS_SILENT_FAILURE(ShopService.ANALYTICS, "silent-failure",
			"the fire-and-forget dashboard refresh (@Async) throws",
			"an error span in analytics-service, though every checkout answered 201"),

	ANALYTICS_CONSUMER_LAG(ShopService.ANALYTICS, "consumer-lag", "each batch takes 3 s longer",
			"a growing gap between order-service's send span and analytics-service's spans");

	private final ShopService service;

	private final String name;

	private final String effect;

	private final String lookFor;

	Fault(ShopService service, String name, String effect, String lookFor) {
		this.service = service;
		this.name = name;
		this.effect = effect;
		this.lookFor = lookFor;
	}

	/**
	 * Returns the service that has this fault switch.
	 * @return the service
	 */
	ShopService service() {
		return this.service;
	}

	/**
	 * Returns the switch's name inside the service ({@code shop.faults.active}, {@code /actuator/faults/<name>}).
	 * @return for example {@code down}
	 */
	String switchName() {
		return this.name;
	}

	/**
	 * Returns the name on the launcher's command line.
	 * @return for example {@code payment.down}
	 */
	String id() {
		return this.service.shortName() + "." + this.name;
	}

	/**
	 * Returns what the fault does.
	 * @return one sentence
	 */
	String effect() {
		return this.effect;
	}

	/**
	 * Returns what to look for in the trace.
	 * @return one sentence
	 */
	String lookFor() {
		return this.lookFor;
	}

	/**
	 * Finds a fault by its command-line name.
	 * @param id for example {@code payment.down}
	 * @return the fault, or {@code null}
	 */
	static @Nullable Fault of(String id) {
		for (Fault fault : values()) {
			if (fault.id().equals(id)) {
				return fault;
			}
		}
		return null;
	}

	/**
	 * Returns every command-line name, comma-separated.
	 * @return the valid names
	 */
	static String validIds() {
		return Arrays.stream(values()).map(Fault::id).collect(Collectors.joining(", "));
	}

}
