package dev.tracewire.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.util.StringUtils;

/**
 * Sets Tracewire's defaults for Spring Boot's own keys in the lowest-precedence property source, so that a value
 * the application sets anywhere (application.yml, environment, command line, tests) always wins.
 * <p>
 * Each starter ships its defaults in {@code META-INF/tracewire/defaults/<module>.properties}; a file applies when
 * its module is enabled ({@code tracewire.<module>.enabled}, else {@code tracewire.enabled}). The file named
 * {@code core.properties} follows {@code tracewire.enabled} alone.
 */
public class TracewireDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source that holds the defaults.
	 */
	public static final String PROPERTY_SOURCE_NAME = "tracewireDefaults";

	static final String LOCATION = "classpath*:META-INF/tracewire/defaults/*.properties";

	private static final String CORE_MODULE = "core";

	private static final String APPLICATION_DEFAULTS_NAME = "defaultProperties";

	// After the post-processors that load the user's configuration, so that addLast puts ours below it.
	private static final int ORDER = Ordered.LOWEST_PRECEDENCE;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = defaults(environment, application.getClassLoader());
		// SpringApplication moves its "defaultProperties" below every other source after this runs, so a key
		// the application set there would lose to ours: leave such keys to the application.
		PropertySource<?> applicationDefaults = environment.getPropertySources().get(APPLICATION_DEFAULTS_NAME);
		if (applicationDefaults != null) {
			defaults.keySet().removeIf(applicationDefaults::containsProperty);
		}
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
		}
	}

	static Map<String, Object> defaults(ConfigurableEnvironment environment, @Nullable ClassLoader classLoader) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		for (Resource resource : resources(classLoader)) {
			String module = StringUtils.stripFilenameExtension(String.valueOf(resource.getFilename()));
			boolean enabled = CORE_MODULE.equals(module) ? TracewireSwitches.isEnabled(environment)
					: TracewireSwitches.isEnabled(environment, module);
			if (enabled) {
				load(resource).forEach((key, value) -> defaults.put(String.valueOf(key), value));
			}
		}
		return defaults;
	}

	private static Resource[] resources(@Nullable ClassLoader classLoader) {
		ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
		try {
			return resolver.getResources(LOCATION);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list Tracewire defaults at " + LOCATION, ex);
		}
	}

	private static Properties load(Resource resource) {
		try {
			return PropertiesLoaderUtils.loadProperties(resource);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read Tracewire defaults from " + resource, ex);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
