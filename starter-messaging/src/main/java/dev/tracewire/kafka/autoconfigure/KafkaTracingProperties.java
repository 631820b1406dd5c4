package dev.tracewire.kafka.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Kafka tracing: producers, record and batch listeners, retry and dead-letter topics.
 */
@ConfigurationProperties(KafkaTracingProperties.PREFIX)
public class KafkaTracingProperties {

	static final String PREFIX = "tracewire.kafka";

	/**
	 * Whether Kafka templates and listeners are traced, with Tracewire's defaults for Boot's Kafka observation
	 * properties. Defaults to the value of 'tracewire.enabled'.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Names of KafkaTemplate, listener container factory and consumer factory beans to leave untouched.
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
