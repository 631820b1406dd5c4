package dev.tracewire.autoconfigure;

import java.util.List;
import java.util.Map;

import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs real {@link SpringApplication}s, since environment post-processors do not run in an
 * {@code ApplicationContextRunner}.
 */
class TracewireDefaultsEnvironmentPostProcessorTests {

	@Test
	void newcomerGetsEveryTraceAndPropagationAcrossAsync() {
		try (ConfigurableApplicationContext context = run()) {
			ConfigurableEnvironment environment = context.getEnvironment();
			assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
			assertThat(environment.getProperty("spring.task.execution.propagate-context")).isEqualTo("true");
			assertThat(environment.getProperty("management.tracing.baggage.correlation.enabled")).isEqualTo("true");
			// The sampler really is built from the default.
			assertThat(context.getBean(Sampler.class).getDescription()).contains("probability=1.0");
		}
	}

	@Test
	void exportBuffersEnoughSpansToKeepUpWithASaturatedCore() {
		try (ConfigurableApplicationContext context = run()) {
			ConfigurableEnvironment environment = context.getEnvironment();
			assertThat(environment.getProperty("management.opentelemetry.tracing.export.max-queue-size"))
				.isEqualTo("8192");
			assertThat(environment.getProperty("management.opentelemetry.tracing.export.max-batch-size"))
				.isEqualTo("2048");
			// Boot's batch processor really is built from them.
			assertThat(context.getBean(BatchSpanProcessor.class).toString()).contains("maxExportBatchSize=2048");
		}
		try (ConfigurableApplicationContext context = run(
				"--management.opentelemetry.tracing.export.max-batch-size=100")) {
			assertThat(context.getBean(BatchSpanProcessor.class).toString()).contains("maxExportBatchSize=100");
		}
	}

	@Test
	void defaultsRankBelowEveryPropertySourceAUserSets() {
		try (ConfigurableApplicationContext context = run("--some.argument=1")) {
			List<String> names = context.getEnvironment().getPropertySources().stream().map((source) -> source.getName())
				.toList();
			int ours = names.indexOf(TracewireDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
			assertThat(ours).isPositive();
			assertThat(names.subList(0, ours)).contains("commandLineArgs", "systemProperties", "systemEnvironment");
		}
	}

	@Test
	void explicitUserValueWins() {
		try (ConfigurableApplicationContext context = run("--management.tracing.sampling.probability=0.25",
				"--spring.task.execution.propagate-context=false")) {
			assertThat(context.getEnvironment().getProperty("management.tracing.sampling.probability"))
				.isEqualTo("0.25");
			assertThat(context.getEnvironment().getProperty("spring.task.execution.propagate-context"))
				.isEqualTo("false");
			assertThat(context.getBean(Sampler.class).getDescription()).contains("probability=0.25");
		}
	}

	@Test
	void applicationDefaultPropertiesWinAlthoughSpringApplicationRanksThemLast() {
		SpringApplication application = application();
		application.setDefaultProperties(Map.of("management.tracing.sampling.probability", "0.5"));
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.getEnvironment().getProperty("management.tracing.sampling.probability"))
				.isEqualTo("0.5");
			assertThat(context.getEnvironment().getProperty("spring.task.execution.propagate-context"))
				.isEqualTo("true");
		}
	}

	@Test
	void moduleSwitchRemovesOnlyThatModulesDefaults() {
		try (ConfigurableApplicationContext context = run("--tracewire.executors.enabled=false")) {
			assertThat(context.getEnvironment().getProperty("spring.task.execution.propagate-context")).isNull();
			assertThat(context.getEnvironment().getProperty("management.tracing.sampling.probability"))
				.isEqualTo("1.0");
		}
	}

	@Test
	void moduleSwitchKeepsThatModulesDefaultsWhenTracewireIsOtherwiseOff() {
		try (ConfigurableApplicationContext context = run("--tracewire.enabled=false",
				"--tracewire.executors.enabled=true")) {
			assertThat(context.getEnvironment().getProperty("spring.task.execution.propagate-context"))
				.isEqualTo("true");
			assertThat(context.getEnvironment().getProperty("management.tracing.sampling.probability")).isNull();
		}
	}

	@Test
	void addsNothingWhenTracewireIsDisabled() {
		try (ConfigurableApplicationContext context = run("--tracewire.enabled=false")) {
			assertThat(context.getEnvironment().getPropertySources()
				.contains(TracewireDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
			assertThat(context.getEnvironment().getProperty("management.tracing.sampling.probability")).isNull();
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		return application().run(args);
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MinimalApplication {

	}

}
