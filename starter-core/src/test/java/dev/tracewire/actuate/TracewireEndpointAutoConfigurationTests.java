package dev.tracewire.actuate;

import java.util.List;
import java.util.Map;

import dev.tracewire.actuate.autoconfigure.TracewireEndpointAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TracewireEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracewireEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=tracewire");

	@Test
	void suppliesTheEndpointWhenExposed() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TracewireEndpoint.class);
			assertThat(context.getBean(TracewireEndpoint.class).tracewire().redaction()).containsEntry("enabled", false);
		});
	}

	@Test
	void isNotSuppliedWhenNotExposed() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TracewireEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TracewireEndpoint.class));
	}

	@Test
	void backsOffForUserEndpoint() {
		this.runner.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> assertThat(context.getBean(TracewireEndpoint.class))
				.isSameAs(UserEndpointConfiguration.ENDPOINT));
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("tracewire.endpoint.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TracewireEndpoint.class));
	}

	@Test
	void isSkippedWithoutTheActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TracewireEndpoint.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		static final TracewireEndpoint ENDPOINT = new TracewireEndpoint(() -> "mine", Map::of, () -> null, List::of,
				() -> null);

		@Bean
		TracewireEndpoint userEndpoint() {
			return ENDPOINT;
		}

	}

}
