package dev.tracewire.sample.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command-line properties of CONTRACT.md's table, per service.
 */
class ServiceArgumentsTests {

	private static final String KAFKA = "127.0.0.1:39092";

	private final ShopPorts ports = ports();

	@Test
	void gatewayGetsItsPortZipkinAndTheAddressesOfOrderAndInventory() {
		assertThat(Shop.serviceArguments(config(Set.of(), false), ShopService.GATEWAY, KAFKA)).containsExactly(
				"--server.port=18080", "--tracewire.export.zipkin.endpoint=http://127.0.0.1:19411/api/v2/spans",
				"--management.opentelemetry.tracing.export.schedule-delay=500ms",
				"--shop.order.url=http://127.0.0.1:18081", "--shop.inventory.url=http://127.0.0.1:18082");
	}

	@Test
	void orderServiceGetsKafkaItsDatabaseAndTheAddressesOfInventoryAndPayment() {
		assertThat(Shop.serviceArguments(config(Set.of(), false), ShopService.ORDER, KAFKA)).containsExactly(
				"--server.port=18081", "--tracewire.export.zipkin.endpoint=http://127.0.0.1:19411/api/v2/spans",
				"--management.opentelemetry.tracing.export.schedule-delay=500ms",
				"--spring.kafka.bootstrap-servers=" + KAFKA,
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:15432/orders",
				"--spring.datasource.username=postgres", "--shop.inventory.url=http://127.0.0.1:18082",
				"--shop.payment.url=http://127.0.0.1:18083");
	}

	@Test
	void notificationServiceGetsKafkaButNoDatabase() {
		assertThat(Shop.serviceArguments(config(Set.of(), false), ShopService.NOTIFICATION, KAFKA)).containsExactly(
				"--server.port=18085", "--tracewire.export.zipkin.endpoint=http://127.0.0.1:19411/api/v2/spans",
				"--management.opentelemetry.tracing.export.schedule-delay=500ms",
				"--spring.kafka.bootstrap-servers=" + KAFKA);
	}

	@Test
	void eachServiceGetsOnlyItsOwnFaults() {
		Shop.Config config = config(Set.of(Fault.ANALYTICS_CONSUMER_LAG, Fault.ANALYTICS_SILENT_FAILURE,
				Fault.PAYMENT_DOWN), false);
		assertThat(Shop.serviceArguments(config, ShopService.PAYMENT, KAFKA)).contains("--shop.faults.active=down");
		assertThat(Shop.serviceArguments(config, ShopService.ANALYTICS, KAFKA))
			.anySatisfy((argument) -> assertThat(argument).startsWith("--shop.faults.active=")
				.contains("consumer-lag")
				.contains("silent-failure"));
		assertThat(Shop.serviceArguments(config, ShopService.LOYALTY, KAFKA))
			.noneSatisfy((argument) -> assertThat(argument).startsWith("--shop.faults.active"));
	}

	@Test
	void everyServiceGetsTheSamplingProbabilityWhenOneIsSet() {
		Shop.Config config = config(Set.of(Fault.PAYMENT_DOWN), 0.01, false);
		for (ShopService service : ShopService.values()) {
			assertThat(Shop.serviceArguments(config, service, KAFKA)).as(service.directory())
				.containsOnlyOnce("--tracewire.sampling.probability=0.01");
		}
		assertThat(Shop.serviceArguments(config, ShopService.PAYMENT, KAFKA)).endsWith(
				"--tracewire.sampling.probability=0.01", "--shop.faults.active=down");
	}

	@Test
	void samplingProbabilityIsWrittenPlainAndAlsoGoesToExternalServices() {
		assertThat(Shop.serviceArguments(config(Set.of(), 0.0001, false), ShopService.GATEWAY, KAFKA))
			.contains("--tracewire.sampling.probability=0.0001");
		assertThat(Shop.serviceArguments(config(Set.of(), 1.0, false), ShopService.GATEWAY, KAFKA))
			.contains("--tracewire.sampling.probability=1");
		assertThat(Shop.serviceArguments(config(Set.of(), 0.0, true), ShopService.ORDER, "")).containsExactly(
				"--server.port=18081", "--spring.profiles.active=external", "--tracewire.sampling.probability=0");
	}

	@Test
	void withoutASamplingProbabilityTheServicesKeepTheirOwn() {
		for (ShopService service : ShopService.values()) {
			assertThat(Shop.serviceArguments(config(Set.of(), false), service, KAFKA))
				.noneSatisfy((argument) -> assertThat(argument).contains("sampling"));
		}
	}

	@Test
	void externalProfileReplacesTheInfrastructureProperties() {
		assertThat(Shop.serviceArguments(config(Set.of(), true), ShopService.ORDER, ""))
			.containsExactly("--server.port=18081", "--spring.profiles.active=external");
	}

	private Shop.Config config(Set<Fault> faults, boolean external) {
		return config(faults, null, external);
	}

	private Shop.Config config(Set<Fault> faults, @Nullable Double sampling, boolean external) {
		return new Shop.Config(Path.of("sample-shop"), Path.of("logs"), this.ports, faults, sampling, external,
				Duration.ofMinutes(1), null);
	}

	private static ShopPorts ports() {
		Map<ShopService, Integer> services = new EnumMap<>(ShopService.class);
		for (ShopService service : ShopService.values()) {
			services.put(service, service.demoPort() + 10_000);
		}
		return new ShopPorts(19411, 15432, services);
	}

}
