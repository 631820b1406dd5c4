package dev.tracewire.sampling.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Tracewire's sampling: parent-based, a probability, a rate limit per instance, skipped paths and rules.
 */
@ConfigurationProperties(SamplingProperties.PREFIX)
public class SamplingProperties {

	static final String PREFIX = "tracewire.sampling";

	/**
	 * Whether Tracewire's sampler replaces Spring Boot's. Defaults to the value of 'tracewire.enabled'.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Probability, between 0 and 1, of sampling a trace that starts here and that no rule matches. Defaults to
	 * 'management.tracing.sampling.probability', which Tracewire defaults to 1.0.
	 */
	private @Nullable Double probability;

	/**
	 * Whether this service is a trust boundary: sampled flags from callers must also pass the rate limit, so a
	 * caller cannot force every request into the export.
	 */
	private boolean trustBoundary;

	/**
	 * Ant-style path patterns of incoming requests that are never sampled, even when the caller sampled them.
	 */
	private List<String> skipPaths = new ArrayList<>(List.of("/actuator/**"));

	/**
	 * Rules by HTTP method, path pattern and observation name; the first that matches sets the probability of the
	 * traces that start there (0 means never, even when the caller sampled).
	 */
	private List<Rule> rules = new ArrayList<>();

	private final RateLimit rateLimit = new RateLimit();

	private final Keep keep = new Keep();

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Double getProbability() {
		return this.probability;
	}

	public void setProbability(@Nullable Double probability) {
		this.probability = probability;
	}

	public boolean isTrustBoundary() {
		return this.trustBoundary;
	}

	public void setTrustBoundary(boolean trustBoundary) {
		this.trustBoundary = trustBoundary;
	}

	public List<String> getSkipPaths() {
		return this.skipPaths;
	}

	public void setSkipPaths(List<String> skipPaths) {
		this.skipPaths = skipPaths;
	}

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public Keep getKeep() {
		return this.keep;
	}

	/**
	 * Limit on the traces one instance samples per second.
	 */
	public static class RateLimit {

		/**
		 * Whether the number of traces sampled per second is limited.
		 */
		private boolean enabled = true;

		/**
		 * Most traces this instance starts per second (and accepts from callers at a trust boundary); bursts up to
		 * one second's worth pass at once.
		 */
		private int tracesPerSecond = 100;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getTracesPerSecond() {
			return this.tracesPerSecond;
		}

		public void setTracesPerSecond(int tracesPerSecond) {
			this.tracesPerSecond = tracesPerSecond;
		}

	}

	/**
	 * One sampling rule; every criterion that is set must match.
	 */
	public static class Rule {

		/**
		 * HTTP method of incoming requests to match, any when not set.
		 */
		private @Nullable String method;

		/**
		 * Ant-style path pattern of incoming requests to match, such as '/orders/**', any when not set.
		 */
		private @Nullable String path;

		/**
		 * Observation name pattern with '*' wildcards, such as 'spring.security.*', any when not set.
		 */
		private @Nullable String observation;

		/**
		 * Probability, between 0 and 1, of sampling what matches; 0 means never.
		 */
		private double probability;

		public @Nullable String getMethod() {
			return this.method;
		}

		public void setMethod(@Nullable String method) {
			this.method = method;
		}

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public @Nullable String getObservation() {
			return this.observation;
		}

		public void setObservation(@Nullable String observation) {
			this.observation = observation;
		}

		public double getProbability() {
			return this.probability;
		}

		public void setProbability(double probability) {
			this.probability = probability;
		}

	}

	/**
	 * Deferred keep: traces the sampler did not pick are recorded and held until their spans in this process
	 * have ended, then exported if one failed or the root was slow, else discarded.
	 */
	public static class Keep {

		/**
		 * Whether traces that were not sampled are held, and kept when they fail or are slow.
		 */
		private boolean enabled = true;

		/**
		 * Whether a trace with a span that ended with an error is kept.
		 */
		private boolean errors = true;

		/**
		 * How long a local root span (one whose caller is in another process, or none) must take for its trace to
		 * be kept. 0 keeps no trace for being slow.
		 */
		private Duration slowThreshold = Duration.ofSeconds(2);

		/**
		 * Whether a trace is kept when a service it called kept its own part, as that service's
		 * 'traceresponse' header says, so that the trace is whole from the first service to the one that failed.
		 * Only responses to this application's own calls are read.
		 */
		private boolean downstream = true;

		/**
		 * Most failed or slow traces kept per second (bursts of one second's worth pass), so that a failure storm
		 * or an overload does not export every trace; 0 for no limit. Those over it are counted.
		 */
		private int tracesPerSecond = 100;

		/**
		 * Spans held per trace; further spans of the trace are cut from it and counted.
		 */
		private int maxSpansPerTrace = 512;

		/**
		 * Traces held at once; further traces are not held and are counted as evicted.
		 */
		private int maxTraces = 1000;

		/**
		 * Spans held in all traces together; further spans are cut from their traces and counted.
		 */
		private int maxSpans = 20_000;

		/**
		 * Estimated size of the spans held in all traces together (names, attributes, events, links); further
		 * spans are cut from their traces and counted.
		 */
		private DataSize maxBytes = DataSize.ofMegabytes(32);

		/**
		 * How long a trace with a span still open may be held before it is evicted, when room is needed.
		 */
		private Duration maxAge = Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isDownstream() {
			return this.downstream;
		}

		public void setDownstream(boolean downstream) {
			this.downstream = downstream;
		}

		public boolean isErrors() {
			return this.errors;
		}

		public void setErrors(boolean errors) {
			this.errors = errors;
		}

		public Duration getSlowThreshold() {
			return this.slowThreshold;
		}

		public void setSlowThreshold(Duration slowThreshold) {
			this.slowThreshold = slowThreshold;
		}

		public int getTracesPerSecond() {
			return this.tracesPerSecond;
		}

		public void setTracesPerSecond(int tracesPerSecond) {
			this.tracesPerSecond = tracesPerSecond;
		}

		public int getMaxSpansPerTrace() {
			return this.maxSpansPerTrace;
		}

		public void setMaxSpansPerTrace(int maxSpansPerTrace) {
			this.maxSpansPerTrace = maxSpansPerTrace;
		}

		public int getMaxTraces() {
			return this.maxTraces;
		}

		public void setMaxTraces(int maxTraces) {
			this.maxTraces = maxTraces;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public int getMaxSpans() {
			return this.maxSpans;
		}

		public void setMaxSpans(int maxSpans) {
			this.maxSpans = maxSpans;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

}
