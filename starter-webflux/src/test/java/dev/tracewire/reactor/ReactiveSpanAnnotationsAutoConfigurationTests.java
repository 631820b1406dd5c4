package dev.tracewire.reactor;

import dev.tracewire.reactor.autoconfigure.ReactiveSpanAnnotationsAutoConfiguration;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.annotation.ImperativeMethodInvocationProcessor;
import io.micrometer.tracing.annotation.MethodInvocationProcessor;
import io.micrometer.tracing.annotation.SpanAspect;
import org.aspectj.weaver.Advice;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's span aspect gets the reactive processor when annotations are enabled, and Boot's own imperative one
 * otherwise. Boot's tracing auto-configuration is in the runner, so its ordering against ours is real.
 */
class ReactiveSpanAnnotationsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MicrometerTracingAutoConfiguration.class,
				ReactiveSpanAnnotationsAutoConfiguration.class))
		.withUserConfiguration(TracerConfiguration.class)
		.withPropertyValues("management.observations.annotations.enabled=true");

	@Test
	void suppliesTheReactiveProcessorToBootsSpanAspect() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SpanAspect.class);
			assertThat(context).getBean(MethodInvocationProcessor.class)
				.isInstanceOf(ReactiveSpanMethodInvocationProcessor.class);
			assertThat(context).doesNotHaveBean(ImperativeMethodInvocationProcessor.class);
		});
	}

	@Test
	void backsOffForUserProcessor() {
		this.runner.withUserConfiguration(UserProcessorConfiguration.class)
			.run((context) -> assertThat(context).getBean(MethodInvocationProcessor.class)
				.isSameAs(UserProcessorConfiguration.PROCESSOR));
	}

	@Test
	void isOffByModulePropertyLeavingBootsImperativeProcessor() {
		this.runner.withPropertyValues("tracewire.webflux.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReactiveSpanMethodInvocationProcessor.class)
				.hasSingleBean(ImperativeMethodInvocationProcessor.class)
				.hasSingleBean(SpanAspect.class));
	}

	@Test
	void isOffLikeBootsAspectWhenAnnotationsAreNotEnabled() {
		this.runner.withPropertyValues("management.observations.annotations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MethodInvocationProcessor.class)
				.doesNotHaveBean(SpanAspect.class));
	}

	@Test
	void isSkippedWithoutAspectJ() {
		this.runner.withClassLoader(new FilteredClassLoader(Advice.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReactiveSpanMethodInvocationProcessor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class TracerConfiguration {

		@Bean
		Tracer tracer() {
			return Tracer.NOOP;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserProcessorConfiguration {

		static final MethodInvocationProcessor PROCESSOR = (invocation, newSpan, continueSpan) -> invocation.proceed();

		@Bean
		MethodInvocationProcessor userProcessor() {
			return PROCESSOR;
		}

	}

}
