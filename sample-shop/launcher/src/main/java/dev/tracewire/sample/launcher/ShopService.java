package dev.tracewire.sample.launcher;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The seven services of the shop as CONTRACT.md lists them: directory (also the service name in Zipkin), demo
 * port, database and whether they talk to Kafka.
 */
enum ShopService {

	GATEWAY("gateway", "gateway", 8080, null, false),

	ORDER("order-service", "order", 8081, "orders", true),

	INVENTORY("inventory-service", "inventory", 8082, "inventory", false),

	PAYMENT("payment-service", "payment", 8083, "payments", false),

	LOYALTY("loyalty-service", "loyalty", 8084, "loyalty", true),

	NOTIFICATION("notification-service", "notification", 8085, null, true),

	ANALYTICS("analytics-service", "analytics", 8086, "analytics", true);

	private final String directory;

	private final String shortName;

	private final int demoPort;

	private final @Nullable String database;

	private final boolean usesKafka;

	ShopService(String directory, String shortName, int demoPort, @Nullable String database, boolean usesKafka) {
		this.directory = directory;
		this.shortName = shortName;
		this.demoPort = demoPort;
		this.database = database;
		this.usesKafka = usesKafka;
	}

	/**
	 * Returns the module directory under {@code sample-shop/}, which is also {@code spring.application.name}.
	 * @return for example {@code order-service}
	 */
	String directory() {
		return this.directory;
	}

	/**
	 * Returns the name used in {@code --fault <service>.<fault>}.
	 * @return for example {@code order}
	 */
	String shortName() {
		return this.shortName;
	}

	int demoPort() {
		return this.demoPort;
	}

	@Nullable String database() {
		return this.database;
	}

	boolean usesKafka() {
		return this.usesKafka;
	}

	/**
	 * Returns the services whose URLs this one is given ({@code shop.<name>.url}).
	 * @return the downstream services
	 */
	List<ShopService> calls() {
		return switch (this) {
			case GATEWAY -> List.of(ORDER, INVENTORY);
			case ORDER -> List.of(INVENTORY, PAYMENT);
			default -> List.of();
		};
	}

	/**
	 * Finds a service by its short name or directory.
	 * @param name {@code payment} or {@code payment-service}
	 * @return the service, or {@code null}
	 */
	static @Nullable ShopService named(String name) {
		for (ShopService service : values()) {
			if (service.shortName.equals(name) || service.directory.equals(name)) {
				return service;
			}
		}
		return null;
	}

}
