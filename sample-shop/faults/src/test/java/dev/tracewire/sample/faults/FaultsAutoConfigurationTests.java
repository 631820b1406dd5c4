package dev.tracewire.sample.faults;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FaultsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FaultsAutoConfiguration.class, EndpointAutoConfiguration.class))
		.withPropertyValues("shop.faults.available=slow-query,down", "management.endpoints.web.exposure.include=faults");

	@Test
	void startsWithTheActiveFaultsOn() {
		this.runner.withPropertyValues("shop.faults.active=down").run((context) -> {
			Faults faults = context.getBean(Faults.class);
			assertThat(faults.isOn("down")).isTrue();
			assertThat(faults.isOn("slow-query")).isFalse();
			assertThat(faults.active()).containsExactly("down");
		});
	}

	@Test
	void endpointFlipsAFaultAndRefusesUnknownNames() {
		this.runner.run((context) -> {
			FaultsEndpoint endpoint = context.getBean(FaultsEndpoint.class);
			assertThat(endpoint.set("slow-query", true)).isEqualTo(Map.of("down", false, "slow-query", true));
			assertThat(context.getBean(Faults.class).isOn("slow-query")).isTrue();
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.set("typo", true))
				.withMessageContaining("typo")
				.withMessageContaining("slow-query");
		});
	}

	@Test
	void refusesToStartWithAnUnknownActiveFault() {
		this.runner.withPropertyValues("shop.faults.active=typo")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("typo"));
	}

	@Test
	void backsOffForAUserFaults() {
		Faults user = new Faults(java.util.List.of("x"), java.util.List.of());
		this.runner.withBean(Faults.class, () -> user)
			.run((context) -> assertThat(context).getBean(Faults.class).isSameAs(user));
	}

	@Test
	void leavesTheEndpointOutWhenNotExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(FaultsEndpoint.class).hasSingleBean(Faults.class));
	}

	@Test
	void unknownNamesAreNeverOn() {
		Faults faults = new Faults(java.util.List.of("a"), java.util.List.of());
		assertThat(faults.isOn("b")).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> faults.set("b", true));
	}

}
