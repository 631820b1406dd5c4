package dev.tracewire.context.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.context.ObservationScopeAccessor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Makes the current observation cheaper to set and clear at every thread hop and around every Reactor operator:
 * registers {@link ObservationScopeAccessor} under Micrometer's key, once per JVM.
 */
@AutoConfiguration
// Sorted last, so that our auto-configurations never change the order of Boot's.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("scopes")
@ConditionalOnClass({ ContextRegistry.class, ObservationThreadLocalAccessor.class })
public final class ObservationScopesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservationScopeRegistration tracewireObservationScopeRegistration() {
		return new ObservationScopeRegistration();
	}

	/**
	 * Registers the accessor when the application context creates it. It stays registered when the context
	 * closes: a restore still due on some thread must meet the accessor that made the matching transition.
	 */
	public static final class ObservationScopeRegistration implements InitializingBean {

		@Override
		public void afterPropertiesSet() {
			ObservationScopeAccessor.register();
		}

	}

}
