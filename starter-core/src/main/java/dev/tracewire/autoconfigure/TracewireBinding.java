package dev.tracewire.autoconfigure;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads Tracewire properties where a {@code @ConfigurationProperties} bean cannot be used yet, such as in the
 * static factory method of a bean post-processor (a properties bean created that early would not be bound).
 */
public final class TracewireBinding {

	private TracewireBinding() {
	}

	/**
	 * Returns the bean names listed under {@code <prefix>.excluded-beans}.
	 * @param environment the environment
	 * @param prefix the module's property prefix, for example {@code tracewire.executors}
	 * @return the excluded bean names, empty when none are set
	 */
	public static Set<String> excludedBeans(Environment environment, String prefix) {
		return Set.copyOf(Binder.get(environment)
			.bind(prefix + ".excluded-beans", Bindable.listOf(String.class))
			.orElse(List.of()));
	}

}
