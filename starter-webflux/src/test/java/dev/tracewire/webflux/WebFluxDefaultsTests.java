package dev.tracewire.webflux;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracewire's defaults for Boot's Reactor key: automatic context propagation, unless the application says
 * otherwise or the module is off.
 */
class WebFluxDefaultsTests {

	private static final String PROPAGATION = "spring.reactor.context-propagation";

	@Test
	void defaultsReactorContextPropagationToAuto() {
		assertThat(propagation(Map.of())).isEqualTo("auto");
	}

	@Test
	void applicationsValueWins() {
		assertThat(propagation(Map.of(PROPAGATION, "limited"))).isEqualTo("limited");
	}

	@Test
	void defaultPropertiesOfTheApplicationWin() {
		SpringApplication application = application();
		application.setDefaultProperties(Map.of(PROPAGATION, "limited"));
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.getEnvironment().getProperty(PROPAGATION)).isEqualTo("limited");
		}
	}

	@Test
	void isNotSetWhenTheModuleIsOff() {
		assertThat(propagation(Map.of("tracewire.webflux.enabled", "false"))).isNull();
		assertThat(propagation(Map.of("tracewire.enabled", "false"))).isNull();
	}

	private static String propagation(Map<String, Object> properties) {
		SpringApplication application = application();
		String[] args = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		try (ConfigurableApplicationContext context = application.run(args)) {
			return context.getEnvironment().getProperty(PROPAGATION);
		}
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
