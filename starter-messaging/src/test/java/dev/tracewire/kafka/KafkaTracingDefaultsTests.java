package dev.tracewire.kafka;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracewire's defaults for Boot's Kafka keys, in real {@link SpringApplication}s (environment post-processors do
 * not run in an {@code ApplicationContextRunner}). No broker is needed: nothing connects until something sends or
 * listens.
 */
class KafkaTracingDefaultsTests {

	@Test
	void kafkaTemplateAndListenersAreObservedByDefault() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getEnvironment().getProperty("spring.kafka.template.observation-enabled"))
				.isEqualTo("true");
			assertThat(context.getEnvironment().getProperty("spring.kafka.listener.observation-enabled"))
				.isEqualTo("true");
			assertThat(context.getEnvironment().getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
			assertThat(ReflectionTestUtils.getField(context.getBean(KafkaTemplate.class), "observationEnabled"))
				.isEqualTo(true);
			assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getContainerProperties()
				.isObservationEnabled()).isTrue();
		}
	}

	@Test
	void explicitUserValueWins() {
		try (ConfigurableApplicationContext context = run("--spring.kafka.template.observation-enabled=false",
				"--spring.kafka.listener.observation-enabled=false")) {
			assertThat(ReflectionTestUtils.getField(context.getBean(KafkaTemplate.class), "observationEnabled"))
				.isEqualTo(false);
			assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getContainerProperties()
				.isObservationEnabled()).isFalse();
		}
	}

	@Test
	void moduleSwitchRemovesTheKafkaDefaultsAndTheTracing() {
		try (ConfigurableApplicationContext context = run("--tracewire.kafka.enabled=false")) {
			assertThat(context.getEnvironment().getProperty("spring.kafka.template.observation-enabled")).isNull();
			assertThat(context.getEnvironment().getProperty("spring.kafka.listener.observation-enabled")).isNull();
			assertThat(context.getBeansOfType(KafkaTracingBeanPostProcessor.class)).isEmpty();
			assertThat(context.getEnvironment().getProperty("management.tracing.sampling.probability"))
				.isEqualTo("1.0");
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(DefaultsApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class DefaultsApplication {

	}

}
