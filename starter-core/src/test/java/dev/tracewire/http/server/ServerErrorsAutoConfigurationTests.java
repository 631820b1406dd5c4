package dev.tracewire.http.server;

import dev.tracewire.http.server.autoconfigure.ServerErrorsAutoConfiguration;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ServerErrorsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ServerErrorsAutoConfiguration.class));

	@Test
	void suppliesTheHandlerToServletApplications() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ServletServerErrorSpanStatusHandler.class));
	}

	@Test
	void backsOffForAUserHandler() {
		ServletServerErrorSpanStatusHandler user = new ServletServerErrorSpanStatusHandler();
		this.runner.withBean(ServletServerErrorSpanStatusHandler.class, () -> user)
			.run((context) -> assertThat(context).getBean(ServletServerErrorSpanStatusHandler.class).isSameAs(user));
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("tracewire.server-errors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServletServerErrorSpanStatusHandler.class));
	}

	@Test
	void isSkippedWithoutTheOpenTelemetryBridge() {
		this.runner.withClassLoader(new FilteredClassLoader(OtelSpan.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ServletServerErrorSpanStatusHandler.class));
	}

	@Test
	void staysOutOfReactiveApplications() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ServerErrorsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ServletServerErrorSpanStatusHandler.class));
	}

}
