package dev.tracewire.http.server;

import dev.tracewire.http.server.autoconfigure.TraceResponseAutoConfiguration;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TraceResponseAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceResponseAutoConfiguration.class))
		.withBean(Tracer.class, () -> Tracer.NOOP);

	@Test
	void suppliesFilterInAServletApplication() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(FilterRegistrationBean.class)
			.getBean(FilterRegistrationBean.class)
			.satisfies((registration) -> assertThat(registration.getFilter()).isInstanceOf(TraceResponseFilter.class)));
	}

	@Test
	void backsOffForUserFilter() {
		this.runner.withUserConfiguration(UserFilterConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			assertThat(context).hasSingleBean(TraceResponseFilter.class);
		});
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("tracewire.trace-response.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void isSkippedWithoutTheServletApi() {
		this.runner.withClassLoader(new FilteredClassLoader(Filter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void isSkippedInAReactiveApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceResponseAutoConfiguration.class))
			.withBean(Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		TraceResponseFilter userTraceResponseFilter() {
			return new TraceResponseFilter(Tracer.NOOP);
		}

	}

}
