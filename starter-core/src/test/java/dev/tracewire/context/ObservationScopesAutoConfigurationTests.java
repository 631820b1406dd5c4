package dev.tracewire.context;

import dev.tracewire.context.autoconfigure.ObservationScopesAutoConfiguration;
import dev.tracewire.context.autoconfigure.ObservationScopesAutoConfiguration.ObservationScopeRegistration;
import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationScopesAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationScopesAutoConfiguration.class));

	@Test
	void registersTheAccessorUnderMicrometersKey() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ObservationScopeRegistration.class);
			assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
				.filteredOn((accessor) -> ObservationThreadLocalAccessor.KEY.equals(accessor.key()))
				.singleElement()
				.isInstanceOf(ObservationScopeAccessor.class);
		});
	}

	@Test
	void backsOffForUserRegistration() {
		this.runner.withUserConfiguration(UserRegistrationConfiguration.class)
			.run((context) -> assertThat(context).getBean(ObservationScopeRegistration.class)
				.isSameAs(UserRegistrationConfiguration.REGISTRATION));
	}

	@Test
	void isOffByModuleProperty() {
		this.runner.withPropertyValues("tracewire.scopes.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservationScopeRegistration.class));
	}

	@Test
	void isOffByGlobalProperty() {
		this.runner.withPropertyValues("tracewire.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ObservationScopeRegistration.class));
	}

	@Test
	void isSkippedWhenContextPropagationLibraryIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader(ContextRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ObservationScopeRegistration.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistrationConfiguration {

		static final ObservationScopeRegistration REGISTRATION = new ObservationScopeRegistration();

		@Bean
		ObservationScopeRegistration userRegistration() {
			return REGISTRATION;
		}

	}

}
