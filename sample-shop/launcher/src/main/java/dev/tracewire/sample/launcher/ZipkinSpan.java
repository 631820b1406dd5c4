package dev.tracewire.sample.launcher;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One span as Zipkin's v2 API returns it (times in microseconds).
 *
 * @param traceId the trace id
 * @param id the span id
 * @param parentId the parent's span id, {@code null} for a root
 * @param kind {@code SERVER}, {@code CLIENT}, {@code PRODUCER}, {@code CONSUMER} or {@code null} (internal)
 * @param name the span name
 * @param timestamp start, epoch microseconds
 * @param duration duration in microseconds, {@code null} while unknown
 * @param localEndpoint the service that reported the span
 * @param tags the attributes; {@code error} marks a failed span
 * @param annotations the events (N+1, exceptions)
 */
record ZipkinSpan(String traceId, String id, @Nullable String parentId, @Nullable String kind, @Nullable String name,
		long timestamp, @Nullable Long duration, @Nullable Endpoint localEndpoint, @Nullable Map<String, String> tags,
		@Nullable List<Annotation> annotations) {

	/**
	 * The service that reported a span.
	 *
	 * @param serviceName {@code spring.application.name}
	 */
	record Endpoint(@Nullable String serviceName) {
	}

	/**
	 * An event on a span.
	 *
	 * @param timestamp when, epoch microseconds
	 * @param value what (for OpenTelemetry events: the name, then the attributes as JSON)
	 */
	record Annotation(long timestamp, String value) {
	}

	/**
	 * Returns the reporting service's name.
	 * @return the name, or {@code "?"}
	 */
	String service() {
		String name = (this.localEndpoint != null) ? this.localEndpoint.serviceName() : null;
		return (name != null) ? name : "?";
	}

	/**
	 * Returns the span name.
	 * @return the name, or an empty string
	 */
	String spanName() {
		return (this.name != null) ? this.name : "";
	}

	/**
	 * Returns one tag.
	 * @param key the key
	 * @return the value or {@code null}
	 */
	@Nullable String tag(String key) {
		return (this.tags != null) ? this.tags.get(key) : null;
	}

	/**
	 * Returns whether the span has the tag.
	 * @param key the key
	 * @return whether it is there
	 */
	boolean hasTag(String key) {
		return tag(key) != null;
	}

	/**
	 * Returns whether Zipkin shows the span as failed.
	 * @return whether it has the {@code error} tag
	 */
	boolean isError() {
		return hasTag("error");
	}

	/**
	 * Returns whether the span has this kind.
	 * @param expected for example {@code SERVER}
	 * @return whether it is of that kind
	 */
	boolean is(String expected) {
		return expected.equals(this.kind);
	}

	/**
	 * Returns whether the span is a statement of the JDBC starter.
	 * @return whether it carries database attributes
	 */
	boolean isDatabase() {
		return hasTag("db.system.name") || hasTag("db.system") || hasTag("db.query.text");
	}

	/**
	 * Returns whether an annotation's value contains the text.
	 * @param text for example {@code jdbc.n_plus_one}
	 * @return whether one does
	 */
	boolean hasAnnotation(String text) {
		return this.annotations != null && this.annotations.stream().anyMatch((a) -> a.value().contains(text));
	}

	/**
	 * Returns the end, epoch microseconds.
	 * @return start plus duration
	 */
	long end() {
		return this.timestamp + durationMicros();
	}

	/**
	 * Returns the duration, 0 while unknown.
	 * @return microseconds
	 */
	long durationMicros() {
		return (this.duration != null) ? this.duration : 0;
	}

	/**
	 * Returns the duration in milliseconds.
	 * @return milliseconds
	 */
	double durationMillis() {
		return durationMicros() / 1000.0;
	}

}
