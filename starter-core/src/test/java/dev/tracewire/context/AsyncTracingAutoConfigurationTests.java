package dev.tracewire.context;

import dev.tracewire.context.autoconfigure.AsyncTracingAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncTracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AsyncTracingAutoConfiguration.class))
		.withUserConfiguration(AsyncEnabled.class);

	@Test
	void suppliesThePostProcessorWhenAsyncIsEnabled() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(AsyncSpanPostProcessor.class));
	}

	@Test
	void staysOutWithoutEnableAsync() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AsyncTracingAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncSpanPostProcessor.class));
	}

	@Test
	void backsOffForAUserPostProcessor() {
		AsyncSpanPostProcessor user = new AsyncSpanPostProcessor(() -> null);
		this.runner.withBean(AsyncSpanPostProcessor.class, () -> user)
			.run((context) -> assertThat(context).getBean(AsyncSpanPostProcessor.class).isSameAs(user));
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("tracewire.async.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncSpanPostProcessor.class));
	}

	@Test
	void isSkippedWithoutMicrometerObservation() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AsyncSpanPostProcessor.class));
	}

	@Test
	void namesSpansAfterTheMethodInKebabCase() {
		assertThat(AsyncSpanInterceptor.spanName("sendConfirmationEmail")).isEqualTo("send-confirmation-email");
		assertThat(AsyncSpanInterceptor.spanName("refresh")).isEqualTo("refresh");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncEnabled {

	}

}
