package dev.tracewire.context.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.context.LostContextRecorder;
import dev.tracewire.context.MeterLostContextRecorder;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Supplies the {@link LostContextRecorder} that starters report lost trace contexts to: a Micrometer counter
 * when a {@link MeterRegistry} exists, a DEBUG log otherwise.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
// Sorted last, so that naming Boot's classes in "after" never pulls them ahead of classes they silently rely on.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("context")
public final class LostContextAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MeterRecorderConfiguration {

		@Bean
		@ConditionalOnMissingBean(LostContextRecorder.class)
		MeterLostContextRecorder lostContextRecorder(MeterRegistry meterRegistry) {
			return new MeterLostContextRecorder(meterRegistry);
		}

	}

	@Bean
	@ConditionalOnMissingBean
	LostContextRecorder loggingLostContextRecorder() {
		return LostContextRecorder.logging();
	}

}
