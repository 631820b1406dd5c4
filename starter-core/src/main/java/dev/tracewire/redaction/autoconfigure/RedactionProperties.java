package dev.tracewire.redaction.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Redaction of secrets in span attributes and metric tags.
 */
@ConfigurationProperties(RedactionProperties.PREFIX)
public class RedactionProperties {

	static final String PREFIX = "tracewire.redaction";

	/**
	 * Whether secrets are masked in span attributes and observation key values (metric tags). Defaults to the value
	 * of 'tracewire.enabled'.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Query parameter names, case-insensitive, whose values become 'REDACTED' in URLs.
	 */
	private List<String> sensitiveQueryParameters = new ArrayList<>(List.of("X-Amz-Signature", "X-Amz-Credential",
			"X-Amz-Security-Token", "AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature", "access_token", "token",
			"password", "api_key", "apikey", "secret"));

	/**
	 * Attribute and tag keys, case-insensitive, whose whole value becomes 'REDACTED'.
	 */
	private List<String> sensitiveKeys = new ArrayList<>(List.of("password", "passwd", "pwd", "secret", "api_key",
			"apikey", "access_token", "refresh_token", "client_secret", "authorization", "cookie", "set-cookie"));

	/**
	 * Regular expressions whose matches in any attribute or tag value become 'REDACTED' (card numbers and bearer
	 * tokens are always masked).
	 */
	private List<String> patterns = new ArrayList<>();

	/**
	 * HTTP request headers recorded as 'http.request.header.<name>' span attributes, masked like any value;
	 * Authorization, Proxy-Authorization, Cookie and Set-Cookie are refused.
	 */
	private List<String> capturedRequestHeaders = new ArrayList<>();

	/**
	 * HTTP response headers recorded as 'http.response.header.<name>' span attributes, masked like any value;
	 * Set-Cookie and the other credential headers are refused.
	 */
	private List<String> capturedResponseHeaders = new ArrayList<>();

	/**
	 * Whether exceptions caused by a database error (an SQLException or R2DBC exception anywhere in the cause chain)
	 * keep their messages, masked like any value, in spans. Such messages often quote SQL and the values that
	 * failed, so by default these exceptions are recorded with their types and stack frames only. Defaults to the
	 * value of 'tracewire.jdbc.include-error-messages' (false).
	 */
	private @Nullable Boolean includeDatabaseErrorMessages;

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getSensitiveQueryParameters() {
		return this.sensitiveQueryParameters;
	}

	public void setSensitiveQueryParameters(List<String> sensitiveQueryParameters) {
		this.sensitiveQueryParameters = sensitiveQueryParameters;
	}

	public List<String> getSensitiveKeys() {
		return this.sensitiveKeys;
	}

	public void setSensitiveKeys(List<String> sensitiveKeys) {
		this.sensitiveKeys = sensitiveKeys;
	}

	public List<String> getPatterns() {
		return this.patterns;
	}

	public void setPatterns(List<String> patterns) {
		this.patterns = patterns;
	}

	public List<String> getCapturedRequestHeaders() {
		return this.capturedRequestHeaders;
	}

	public void setCapturedRequestHeaders(List<String> capturedRequestHeaders) {
		this.capturedRequestHeaders = capturedRequestHeaders;
	}

	public List<String> getCapturedResponseHeaders() {
		return this.capturedResponseHeaders;
	}

	public void setCapturedResponseHeaders(List<String> capturedResponseHeaders) {
		this.capturedResponseHeaders = capturedResponseHeaders;
	}

	public @Nullable Boolean getIncludeDatabaseErrorMessages() {
		return this.includeDatabaseErrorMessages;
	}

	public void setIncludeDatabaseErrorMessages(@Nullable Boolean includeDatabaseErrorMessages) {
		this.includeDatabaseErrorMessages = includeDatabaseErrorMessages;
	}

}
