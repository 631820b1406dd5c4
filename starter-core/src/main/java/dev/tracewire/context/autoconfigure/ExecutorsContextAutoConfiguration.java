package dev.tracewire.context.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.autoconfigure.TracewireBinding;
import dev.tracewire.context.ContextPropagatingExecutorPostProcessor;
import dev.tracewire.context.TracewireContext;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.context.Context;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;

/**
 * Makes every executor and scheduler bean, and {@code @Async} methods, run in the trace context of the code
 * that submitted the work.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
		"org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration" })
@ConditionalOnTracewireEnabled("executors")
@ConditionalOnClass({ ContextSnapshotFactory.class, Context.class })
@EnableConfigurationProperties(ExecutorsProperties.class)
// Sorted last, so that naming Boot's classes in "after" never pulls them ahead of classes they silently rely on.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public final class ExecutorsContextAutoConfiguration {

	// static: a post-processor must not pull its configuration class into early initialisation.
	@Bean
	@ConditionalOnMissingBean
	static ContextPropagatingExecutorPostProcessor contextPropagatingExecutorPostProcessor(Environment environment) {
		return new ContextPropagatingExecutorPostProcessor(
				TracewireBinding.excludedBeans(environment, ExecutorsProperties.PREFIX));
	}

	/**
	 * Boot's own task executor and scheduler propagate only the current observation; this decorator, which
	 * Boot composes with its own, adds the OpenTelemetry context, so spans started by hand travel too. Present
	 * only where Boot propagates at all.
	 * @return the task decorator
	 */
	@Bean
	@ConditionalOnMissingBean(name = "tracewireTaskDecorator")
	@ConditionalOnBooleanProperty("spring.task.execution.propagate-context")
	TaskDecorator tracewireTaskDecorator() {
		return TracewireContext::wrap;
	}

}
