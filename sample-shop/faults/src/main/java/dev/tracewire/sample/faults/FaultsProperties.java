package dev.tracewire.sample.faults;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The fault switches a service offers and those on at start.
 */
@ConfigurationProperties("shop.faults")
public class FaultsProperties {

	/**
	 * Names of the faults this service can simulate.
	 */
	private List<String> available = new ArrayList<>();

	/**
	 * Names of the faults switched on at start.
	 */
	private List<String> active = new ArrayList<>();

	public List<String> getAvailable() {
		return this.available;
	}

	public void setAvailable(List<String> available) {
		this.available = available;
	}

	public List<String> getActive() {
		return this.active;
	}

	public void setActive(List<String> active) {
		this.active = active;
	}

}
