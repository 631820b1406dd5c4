package dev.tracewire.http.client.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tracing of blocking HTTP clients ({@code RestTemplate}, {@code RestClient}) that were not built from Spring
 * Boot's builders.
 */
@ConfigurationProperties(HttpClientsProperties.PREFIX)
public class HttpClientsProperties {

	static final String PREFIX = "tracewire.http-clients";

	/**
	 * Whether RestTemplate and RestClient beans created without Boot's builders are traced. Defaults to the
	 * value of 'tracewire.enabled'.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Names of RestTemplate and RestClient beans to leave untouched.
	 */
	private List<String> excludedBeans = new ArrayList<>();

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getExcludedBeans() {
		return this.excludedBeans;
	}

	public void setExcludedBeans(List<String> excludedBeans) {
		this.excludedBeans = excludedBeans;
	}

}
