package dev.tracewire.http.server;

import dev.tracewire.http.server.autoconfigure.ErrorTraceIdAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorTraceIdAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorTraceIdAutoConfiguration.class, ErrorMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class));

	@Test
	void replacesBootsErrorAttributes() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ErrorAttributes.class)
			.getBean(ErrorAttributes.class)
			.isInstanceOf(ServletTraceIdErrorAttributes.class));
	}

	@Test
	void backsOffForUserErrorAttributes() {
		this.runner.withBean("userErrorAttributes", ErrorAttributes.class, DefaultErrorAttributes::new)
			.run((context) -> assertThat(context).hasSingleBean(ErrorAttributes.class).hasBean("userErrorAttributes"));
	}

	@Test
	void isOffByPropertyAndBootsReturn() {
		this.runner.withPropertyValues("tracewire.error-trace-id.enabled=false")
			.run((context) -> assertThat(context.getBean(ErrorAttributes.class))
				.isNotInstanceOf(ServletTraceIdErrorAttributes.class));
		this.runner.withPropertyValues("tracewire.enabled=false")
			.run((context) -> assertThat(context.getBean(ErrorAttributes.class))
				.isNotInstanceOf(ServletTraceIdErrorAttributes.class));
	}

	@Test
	void problemDetailsGetTheTraceIdOnlyWhenTheyAreOn() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ResponseEntityExceptionHandler.class));
		this.runner.withPropertyValues("spring.mvc.problemdetails.enabled=true")
			.run((context) -> assertThat(context).getBean(ResponseEntityExceptionHandler.class)
				.isInstanceOf(ServletTraceIdProblemDetailsExceptionHandler.class));
		this.runner.withPropertyValues("spring.mvc.problemdetails.enabled=true")
			.withBean("userHandler", ResponseEntityExceptionHandler.class, () -> new ResponseEntityExceptionHandler() {
			})
			.run((context) -> assertThat(context).hasSingleBean(ResponseEntityExceptionHandler.class)
				.hasBean("userHandler"));
	}

	@Test
	void isSkippedWithoutMicrometerTracing() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.tracing"))
			.run((context) -> assertThat(context).doesNotHaveBean(ServletTraceIdErrorAttributes.class));
	}

	@Test
	void isSkippedOutsideAServletApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ErrorTraceIdAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ErrorAttributes.class));
	}

}
