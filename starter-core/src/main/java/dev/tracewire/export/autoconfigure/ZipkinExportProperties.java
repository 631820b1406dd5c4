package dev.tracewire.export.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Export of spans to a Zipkin server with OpenTelemetry's Zipkin exporter.
 */
@ConfigurationProperties("tracewire.export.zipkin")
public class ZipkinExportProperties {

	/**
	 * Whether to send spans to Zipkin once an endpoint is set.
	 */
	private boolean enabled = true;

	/**
	 * URL of the Zipkin server's span endpoint, for example http://localhost:9411/api/v2/spans. Spans are sent
	 * to Zipkin only when this is set.
	 */
	private @Nullable URI endpoint;

	/**
	 * Time to wait for a connection to Zipkin and for its answer to one batch of spans.
	 */
	private Duration readTimeout = Duration.ofSeconds(10);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable URI getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable URI endpoint) {
		this.endpoint = endpoint;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

}
