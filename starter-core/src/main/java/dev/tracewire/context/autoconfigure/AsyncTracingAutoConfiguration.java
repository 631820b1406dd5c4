package dev.tracewire.context.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.autoconfigure.LazyLookup;
import dev.tracewire.context.AsyncSpanPostProcessor;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * Gives every {@code @Async} method invocation a span of its own once the application has {@code @EnableAsync}
 * (proxy mode), so fire-and-forget work, and its failures, show up in the caller's trace.
 */
@AutoConfiguration
@ConditionalOnTracewireEnabled("async")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(name = TaskManagementConfigUtils.ASYNC_ANNOTATION_PROCESSOR_BEAN_NAME)
// Sorted last, like all our auto-configurations (see ExecutorsContextAutoConfiguration).
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public final class AsyncTracingAutoConfiguration {

	// static: a post-processor must not pull its configuration class into early initialisation; the registry is
	// looked up on first use for the same reason.
	@Bean
	@ConditionalOnMissingBean
	static AsyncSpanPostProcessor asyncSpanPostProcessor(ObjectProvider<ObservationRegistry> observationRegistry) {
		return new AsyncSpanPostProcessor(LazyLookup.of(observationRegistry::getIfUnique));
	}

}
