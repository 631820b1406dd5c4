package dev.tracewire.context;

import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.tracewire.context.autoconfigure.ExecutorsContextAutoConfiguration;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutorsContextAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(ExecutorsContextAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class));

	@Test
	void suppliesPostProcessorAndTaskDecorator() {
		this.runner.withPropertyValues("spring.task.execution.propagate-context=true").run((context) -> {
			assertThat(context).hasSingleBean(ContextPropagatingExecutorPostProcessor.class);
			assertThat(context).hasBean("tracewireTaskDecorator");
		});
	}

	@Test
	void suppliesNoTaskDecoratorWhenBootDoesNotPropagate() {
		this.runner.withPropertyValues("spring.task.execution.propagate-context=false").run((context) -> {
			assertThat(context).hasSingleBean(ContextPropagatingExecutorPostProcessor.class);
			assertThat(context).doesNotHaveBean(TaskDecorator.class);
		});
	}

	@Test
	void backsOffForUserPostProcessor() {
		this.runner.withUserConfiguration(UserPostProcessorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ContextPropagatingExecutorPostProcessor.class);
			assertThat(context).hasBean("userPostProcessor");
		});
	}

	@Test
	void backsOffForUserTaskDecoratorOfTheSameName() {
		this.runner.withPropertyValues("spring.task.execution.propagate-context=true")
			.withUserConfiguration(UserTaskDecoratorConfiguration.class)
			.run((context) -> assertThat(context.getBean("tracewireTaskDecorator"))
				.isSameAs(UserTaskDecoratorConfiguration.DECORATOR));
	}

	@Test
	void isOffByModuleProperty() {
		this.runner.withPropertyValues("tracewire.executors.enabled=false")
			.withUserConfiguration(ExecutorConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ContextPropagatingExecutorPostProcessor.class);
				assertThat(AopUtils.isAopProxy(context.getBean("rawPool"))).isFalse();
			});
	}

	@Test
	void isOffByGlobalProperty() {
		this.runner.withPropertyValues("tracewire.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ContextPropagatingExecutorPostProcessor.class));
	}

	@Test
	void isSkippedWhenContextPropagationLibraryIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader(ContextSnapshotFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ContextPropagatingExecutorPostProcessor.class));
	}

	@Test
	void wrapsUserExecutorsKeepingTheirClass() {
		this.runner.withUserConfiguration(ExecutorConfiguration.class).run((context) -> {
			assertThat(ContextPropagatingExecutorPostProcessor.isPropagating(context.getBean("userPool"))).isTrue();
			assertThat(context.getBean("userPool")).isInstanceOf(ThreadPoolTaskExecutor.class);
			assertThat(ContextPropagatingExecutorPostProcessor.isPropagating(context.getBean("rawPool"))).isTrue();
			assertThat(context.getBean(ExecutorConfiguration.class).usedUserPoolByConcreteType).isTrue();
		});
	}

	@Test
	void leavesExcludedBeansAlone() {
		this.runner.withUserConfiguration(ExecutorConfiguration.class)
			.withPropertyValues("tracewire.executors.excluded-beans=rawPool")
			.run((context) -> {
				assertThat(AopUtils.isAopProxy(context.getBean("rawPool"))).isFalse();
				assertThat(ContextPropagatingExecutorPostProcessor.isPropagating(context.getBean("userPool")))
					.isTrue();
			});
	}

	@Test
	void leavesBootsOwnTaskExecutorAndSchedulerToBoot() {
		this.runner.withUserConfiguration(SchedulingConfiguration.class).run((context) -> {
			assertThat(AopUtils.isAopProxy(context.getBean("applicationTaskExecutor"))).isFalse();
			assertThat(AopUtils.isAopProxy(context.getBean("taskScheduler"))).isFalse();
		});
	}

	@Test
	void wrapsOnlyOnce() {
		ContextPropagatingExecutorPostProcessor postProcessor = new ContextPropagatingExecutorPostProcessor(Set.of());
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Object once = postProcessor.postProcessAfterInitialization(pool, "pool");
			Object twice = postProcessor.postProcessAfterInitialization(once, "pool");
			assertThat(twice).isSameAs(once);
			assertThat(((org.springframework.aop.framework.Advised) twice).getAdvisors()).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class ExecutorConfiguration {

		boolean usedUserPoolByConcreteType;

		@Bean
		ThreadPoolTaskExecutor userPool() {
			return new ThreadPoolTaskExecutor();
		}

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService rawPool() {
			return Executors.newFixedThreadPool(1);
		}

		@Bean
		String needsConcreteType(ThreadPoolTaskExecutor userPool) {
			this.usedUserPoolByConcreteType = true;
			return "ok";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPostProcessorConfiguration {

		@Bean
		static ContextPropagatingExecutorPostProcessor userPostProcessor() {
			return new ContextPropagatingExecutorPostProcessor(Set.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTaskDecoratorConfiguration {

		static final TaskDecorator DECORATOR = (runnable) -> runnable;

		@Bean
		TaskDecorator tracewireTaskDecorator() {
			return DECORATOR;
		}

	}

}
