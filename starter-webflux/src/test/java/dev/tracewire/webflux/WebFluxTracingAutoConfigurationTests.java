package dev.tracewire.webflux;

import dev.tracewire.context.LostContextRecorder;
import dev.tracewire.webflux.autoconfigure.WebFluxTracingAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.boot.webflux.error.DefaultErrorAttributes;
import org.springframework.boot.webflux.error.ErrorAttributes;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class WebFluxTracingAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebFluxTracingAutoConfiguration.class));

	@Test
	void suppliesTraceResponseFilterErrorStatusHandlerAndLostContextFilter() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TraceResponseWebFilter.class);
			assertThat(context).hasSingleBean(ServerErrorSpanStatusHandler.class);
			assertThat(context).hasSingleBean(LostContextWebFilter.class);
		});
	}

	@Test
	void backsOffForUserBeans() {
		this.runner.withUserConfiguration(UserBeansConfiguration.class).run((context) -> {
			assertThat(context).getBean(TraceResponseWebFilter.class).isSameAs(UserBeansConfiguration.TRACE_RESPONSE);
			assertThat(context).getBean(ServerErrorSpanStatusHandler.class)
				.isSameAs(UserBeansConfiguration.ERROR_STATUS);
			assertThat(context).getBean(LostContextWebFilter.class).isSameAs(UserBeansConfiguration.LOST_CONTEXT);
		});
	}

	@Test
	void isOffByModuleProperty() {
		this.runner.withPropertyValues("tracewire.webflux.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceResponseWebFilter.class)
				.doesNotHaveBean(ServerErrorSpanStatusHandler.class)
				.doesNotHaveBean(LostContextWebFilter.class));
	}

	@Test
	void isOffByGlobalPropertyUnlessTheModuleSaysOtherwise() {
		this.runner.withPropertyValues("tracewire.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceResponseWebFilter.class));
		this.runner.withPropertyValues("tracewire.enabled=false", "tracewire.webflux.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(ServerErrorSpanStatusHandler.class)
				.doesNotHaveBean(TraceResponseWebFilter.class));
		this.runner
			.withPropertyValues("tracewire.enabled=false", "tracewire.webflux.enabled=true",
					"tracewire.trace-response.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(TraceResponseWebFilter.class));
	}

	@Test
	void putsTheTraceIdInBootsErrorAttributesUnlessTheApplicationHasItsOwn() {
		ReactiveWebApplicationContextRunner withBoots = this.runner
			.withConfiguration(AutoConfigurations.of(ErrorWebFluxAutoConfiguration.class, WebFluxAutoConfiguration.class));
		withBoots.run((context) -> assertThat(context).getBean(ErrorAttributes.class)
			.isInstanceOf(TraceIdErrorAttributes.class));
		withBoots.withBean("userErrorAttributes", ErrorAttributes.class, DefaultErrorAttributes::new)
			.run((context) -> assertThat(context).hasSingleBean(ErrorAttributes.class).hasBean("userErrorAttributes"));
		withBoots.withPropertyValues("tracewire.error-trace-id.enabled=false")
			.run((context) -> assertThat(context).getBean(ErrorAttributes.class)
				.isNotInstanceOf(TraceIdErrorAttributes.class));
		withBoots.run((context) -> assertThat(context).doesNotHaveBean(ResponseEntityExceptionHandler.class));
		withBoots.withPropertyValues("spring.webflux.problemdetails.enabled=true")
			.run((context) -> assertThat(context).getBean(ResponseEntityExceptionHandler.class)
				.isInstanceOf(TraceIdProblemDetailsExceptionHandler.class));
	}

	@Test
	void traceresponseHeaderIsOffByItsProperty() {
		this.runner.withPropertyValues("tracewire.trace-response.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceResponseWebFilter.class)
				.hasSingleBean(ServerErrorSpanStatusHandler.class));
	}

	@Test
	void serverErrorStatusIsOffByItsProperty() {
		this.runner.withPropertyValues("tracewire.webflux.server-errors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServerErrorSpanStatusHandler.class)
				.hasSingleBean(TraceResponseWebFilter.class));
	}

	@Test
	void lostContextDetectionIsOffByItsPropertyOrCoresSwitch() {
		this.runner.withPropertyValues("tracewire.webflux.lost-context.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LostContextWebFilter.class)
				.hasSingleBean(TraceResponseWebFilter.class));
		this.runner.withPropertyValues("tracewire.context.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LostContextWebFilter.class));
	}

	@Test
	void isSkippedWithoutWebFlux() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.web.reactive."))
			.run((context) -> assertThat(context).doesNotHaveBean(TraceResponseWebFilter.class));
	}

	@Test
	void isSkippedInAServletApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebFluxTracingAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TraceResponseWebFilter.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		static final TraceResponseWebFilter TRACE_RESPONSE = new TraceResponseWebFilter();

		static final ServerErrorSpanStatusHandler ERROR_STATUS = new ServerErrorSpanStatusHandler();

		static final LostContextWebFilter LOST_CONTEXT = new LostContextWebFilter(LostContextRecorder::noop);

		@Bean
		TraceResponseWebFilter userTraceResponseWebFilter() {
			return TRACE_RESPONSE;
		}

		@Bean
		ServerErrorSpanStatusHandler userServerErrorSpanStatusHandler() {
			return ERROR_STATUS;
		}

		@Bean
		LostContextWebFilter userLostContextWebFilter() {
			return LOST_CONTEXT;
		}

	}

}
