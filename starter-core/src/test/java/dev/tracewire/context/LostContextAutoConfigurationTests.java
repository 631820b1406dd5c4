package dev.tracewire.context;

import dev.tracewire.context.autoconfigure.LostContextAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class LostContextAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LostContextAutoConfiguration.class));

	@Test
	void suppliesCountingRecorderWhenThereIsAMeterRegistry() {
		this.runner.withUserConfiguration(MeterRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LostContextRecorder.class);
			context.getBean(LostContextRecorder.class).recordLost("reactor.publishOn");
			context.getBean(LostContextRecorder.class).recordLost("reactor.publishOn");
			context.getBean(LostContextRecorder.class).recordLost("kafka.listener");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(LostContextRecorder.METER_NAME).tag("boundary", "reactor.publishOn").counter().count())
				.isEqualTo(2.0);
			assertThat(registry.get(LostContextRecorder.METER_NAME).tag("boundary", "kafka.listener").counter().count())
				.isEqualTo(1.0);
		});
	}

	@Test
	void suppliesLoggingRecorderWithoutAMeterRegistry() {
		this.runner.run((context) -> assertThat(context.getBean(LostContextRecorder.class))
			.isSameAs(LostContextRecorder.logging()));
	}

	@Test
	void suppliesLoggingRecorderWithoutMicrometerMetrics() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context.getBean(LostContextRecorder.class))
				.isSameAs(LostContextRecorder.logging()));
	}

	@Test
	void backsOffForUserRecorder() {
		this.runner.withUserConfiguration(MeterRegistryConfiguration.class, UserRecorderConfiguration.class)
			.run((context) -> assertThat(context.getBean(LostContextRecorder.class))
				.isSameAs(UserRecorderConfiguration.RECORDER));
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("tracewire.context.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LostContextRecorder.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRecorderConfiguration {

		static final LostContextRecorder RECORDER = (boundary) -> {
		};

		@Bean
		LostContextRecorder userRecorder() {
			return RECORDER;
		}

	}

}
