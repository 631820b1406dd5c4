package dev.tracewire.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class OnTracewireEnabledConditionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(DemoModuleConfiguration.class);

	@Test
	void isOnWhenNothingIsSet() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("demoMarker");
			assertThat(outcomeMessage(context)).contains("neither tracewire.demo.enabled nor tracewire.enabled is set");
		});
	}

	@Test
	void globalSwitchTurnsModuleOff() {
		this.runner.withPropertyValues("tracewire.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean("demoMarker");
			assertThat(outcomeMessage(context)).contains("tracewire.enabled is false");
		});
	}

	@Test
	void moduleSwitchBeatsGlobalSwitchOff() {
		this.runner.withPropertyValues("tracewire.enabled=false", "tracewire.demo.enabled=true").run((context) -> {
			assertThat(context).hasBean("demoMarker");
			assertThat(outcomeMessage(context)).contains("tracewire.demo.enabled is true");
		});
	}

	@Test
	void moduleSwitchBeatsGlobalSwitchOn() {
		this.runner.withPropertyValues("tracewire.enabled=true", "tracewire.demo.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean("demoMarker");
			assertThat(outcomeMessage(context)).contains("@ConditionalOnTracewireEnabled (demo)")
				.contains("tracewire.demo.enabled is false");
		});
	}

	@Test
	void switchesAreReadTheSameWayOutsideConditions() {
		this.runner.withPropertyValues("tracewire.enabled=false", "tracewire.demo.enabled=true").run((context) -> {
			assertThat(TracewireSwitches.isEnabled(context.getEnvironment(), "demo")).isTrue();
			assertThat(TracewireSwitches.isEnabled(context.getEnvironment(), "other")).isFalse();
			assertThat(TracewireSwitches.isEnabled(context.getEnvironment())).isFalse();
		});
	}

	private static String outcomeMessage(org.springframework.context.ConfigurableApplicationContext context) {
		return ConditionEvaluationReport.get(context.getBeanFactory())
			.getConditionAndOutcomesBySource()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().contains("DemoModuleConfiguration"))
			.flatMap((entry) -> entry.getValue().stream())
			.map((conditionAndOutcome) -> conditionAndOutcome.getOutcome().getMessage())
			.findFirst()
			.orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class DemoModuleConfiguration {

		@Bean
		@ConditionalOnTracewireEnabled("demo")
		String demoMarker() {
			return "demo";
		}

	}

}
