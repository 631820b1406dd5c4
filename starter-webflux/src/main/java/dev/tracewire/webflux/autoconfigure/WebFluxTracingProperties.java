package dev.tracewire.webflux.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tracing of WebFlux servers, WebClient and Reactor.
 */
@ConfigurationProperties(WebFluxTracingProperties.PREFIX)
public class WebFluxTracingProperties {

	/**
	 * Prefix of the properties.
	 */
	public static final String PREFIX = "tracewire.webflux";

	/**
	 * Whether WebFlux, WebClient and Reactor tracing, and the default of automatic Reactor context propagation,
	 * are enabled. Defaults to the value of 'tracewire.enabled'.
	 */
	private @Nullable Boolean enabled;

	private final ServerErrors serverErrors = new ServerErrors();

	private final WebClient webClient = new WebClient();

	private final LostContext lostContext = new LostContext();

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public ServerErrors getServerErrors() {
		return this.serverErrors;
	}

	public WebClient getWebClient() {
		return this.webClient;
	}

	public LostContext getLostContext() {
		return this.lostContext;
	}

	/**
	 * Server spans of 5xx responses.
	 */
	public static class ServerErrors {

		/**
		 * Whether WebFlux server spans of 5xx responses get the error status even when no exception was recorded, as
		 * OpenTelemetry's HTTP conventions ask.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * WebClient beans that Spring Boot's builder did not make.
	 */
	public static class WebClient {

		/**
		 * Names of WebClient beans to leave untouched.
		 */
		private List<String> excludedBeans = new ArrayList<>();

		public List<String> getExcludedBeans() {
			return this.excludedBeans;
		}

		public void setExcludedBeans(List<String> excludedBeans) {
			this.excludedBeans = excludedBeans;
		}

	}

	/**
	 * Diagnostics for reactive work that runs without its request's trace context.
	 */
	public static class LostContext {

		/**
		 * Whether thread hops that leave the reactive work of a traced WebFlux request without its trace context are
		 * counted in 'tracewire.context.lost', by operator. Such hops happen with
		 * 'spring.reactor.context-propagation=limited'; needs 'tracewire.context.enabled'. Log
		 * 'dev.tracewire.context.lost' at DEBUG to see where.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
