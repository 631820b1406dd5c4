package dev.tracewire.autoconfigure;

import org.springframework.core.env.Environment;

/**
 * Reads Tracewire's enablement switches outside of conditions (for example in an environment post-processor),
 * with the same precedence as {@link ConditionalOnTracewireEnabled}.
 */
public final class TracewireSwitches {

	/**
	 * The switch for all of Tracewire.
	 */
	public static final String GLOBAL_KEY = "tracewire.enabled";

	private TracewireSwitches() {
	}

	/**
	 * Returns the property that switches one module.
	 * @param module the module name, for example {@code executors}
	 * @return {@code tracewire.<module>.enabled}
	 */
	public static String moduleKey(String module) {
		return "tracewire." + module + ".enabled";
	}

	/**
	 * Returns whether a module is enabled in the given environment.
	 * @param environment the environment
	 * @param module the module name
	 * @return whether the module is enabled
	 */
	public static boolean isEnabled(Environment environment, String module) {
		return OnTracewireEnabledCondition.decide(environment, module).enabled();
	}

	/**
	 * Returns whether Tracewire as a whole is enabled.
	 * @param environment the environment
	 * @return {@code false} only when {@code tracewire.enabled=false}
	 */
	public static boolean isEnabled(Environment environment) {
		return environment.getProperty(GLOBAL_KEY, Boolean.class, true);
	}

}
