package dev.tracewire.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Sets Tracewire's defaults for Spring Boot's own tracing keys in the lowest-precedence property source, so a
 * value the user sets anywhere (application.yml, environment, command line, tests) always wins.
 */
public class TracewireDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source that holds the defaults.
	 */
	public static final String PROPERTY_SOURCE_NAME = "tracewireDefaults";

	private static final String APPLICATION_DEFAULTS_NAME = "defaultProperties";

	// After the post-processors that load the user's configuration, so that addLast puts ours below it.
	private static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!TracewireSwitches.isEnabled(environment)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = defaults();
		// SpringApplication moves its "defaultProperties" below every other source after this runs, so a key
		// the application set there would lose to ours: leave such keys to the application.
		PropertySource<?> applicationDefaults = environment.getPropertySources().get(APPLICATION_DEFAULTS_NAME);
		if (applicationDefaults != null) {
			defaults.keySet().removeIf(applicationDefaults::containsProperty);
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	static Map<String, Object> defaults() {
		Map<String, Object> defaults = new LinkedHashMap<>();
		// A newcomer sees every trace; Boot samples one in ten.
		defaults.put("management.tracing.sampling.probability", "1.0");
		// @Async and Boot's task executor and scheduler keep the caller's trace; Boot's default is false.
		defaults.put("spring.task.execution.propagate-context", "true");
		// Trace and span ids in the log MDC, so every log line carries them.
		defaults.put("management.tracing.baggage.correlation.enabled", "true");
		return defaults;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
