package dev.tracewire.bench.continuity.runner;

import java.util.List;
import java.util.Map;

/**
 * A span as the collector received it over OTLP: ids in lower-case hex, the parent id empty for a root.
 *
 * @param traceId the trace id
 * @param spanId the span id
 * @param parentSpanId the parent's span id, empty for a root span
 * @param name the span name
 * @param kind the span kind (INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER or UNSPECIFIED)
 * @param scope the name of the instrumentation scope that made it
 * @param attributes the string, boolean and number attributes, as strings
 * @param links the links, as trace id and span id
 */
public record ExportedSpan(String traceId, String spanId, String parentSpanId, String name, String kind, String scope,
		Map<String, String> attributes, List<Link> links) {

	/**
	 * Returns whether the span has no parent.
	 * @return whether it is a root span
	 */
	public boolean isRoot() {
		return this.parentSpanId.isEmpty();
	}

	/**
	 * Returns the span as a reason text shows it: kind and name.
	 * @return the short description
	 */
	public String describe() {
		return this.kind + " `" + this.name + "`";
	}

	/**
	 * A link to another span.
	 *
	 * @param traceId the linked trace id
	 * @param spanId the linked span id
	 */
	public record Link(String traceId, String spanId) {
	}

}
