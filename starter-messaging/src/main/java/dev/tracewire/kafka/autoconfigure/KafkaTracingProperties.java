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

	private final Batch batch = new Batch();

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

	public Batch getBatch() {
		return this.batch;
	}

	/**
	 * Batch listeners.
	 */
	public static class Batch {

		static final String RECORD_SPANS = PREFIX + ".batch.record-spans";

		/**
		 * Whether each record of a batch also gets a CONSUMER span in its own trace (child of the record's producer
		 * span, linked to the batch span), lasting as long as the batch and failing with it, for tracing UIs that
		 * do not show span links (Zipkin). When false, only the batch span, with its links, is recorded.
		 */
		private boolean recordSpans = true;

		public boolean isRecordSpans() {
			return this.recordSpans;
		}

		public void setRecordSpans(boolean recordSpans) {
			this.recordSpans = recordSpans;
		}

	}

}
