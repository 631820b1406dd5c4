package dev.tracewire.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tracewire's global switch.
 */
@ConfigurationProperties("tracewire")
public class TracewireProperties {

	/**
	 * Whether Tracewire is enabled. Each module's own 'enabled' property takes precedence over this one.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
