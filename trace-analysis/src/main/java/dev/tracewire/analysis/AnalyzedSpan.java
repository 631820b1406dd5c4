package dev.tracewire.analysis;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One finished span as the analyses of a {@link Trace} see it: ids, service, name, kind, start and end, and
 * whether it failed. Independent of any tracing library; callers convert their own span type (OpenTelemetry's
 * {@code SpanData}, a Zipkin or Jaeger JSON span) to it.
 *
 * <p>The span is taken as given: an end before its start or a parent that is not in the trace is repaired by
 * {@link Trace#of(java.util.List)}, not rejected here.
 *
 * @param traceId the trace id
 * @param spanId the span id, unique within the trace
 * @param parentSpanId the parent's span id, or {@code null} for a root; an empty id and the all-zero id that
 * OpenTelemetry uses for "no parent" are taken as {@code null}
 * @param serviceName the name of the service that recorded the span
 * @param name the span name, such as {@code http post /charges}
 * @param kind the span kind
 * @param startMicros the start, in microseconds since the epoch
 * @param endMicros the end, in microseconds since the epoch
 * @param error whether the span failed (error status)
 * @param errorDescription what the failure was, such as an HTTP status ({@code 503}) or an exception message, or
 * {@code null}
 */
public record AnalyzedSpan(String traceId, String spanId, @Nullable String parentSpanId, String serviceName,
		String name, Kind kind, long startMicros, long endMicros, boolean error, @Nullable String errorDescription) {

	/**
	 * Creates a span, taking an empty or all-zero parent id as no parent.
	 * @param traceId the trace id
	 * @param spanId the span id
	 * @param parentSpanId the parent's span id, or {@code null} for a root
	 * @param serviceName the service that recorded the span
	 * @param name the span name
	 * @param kind the span kind
	 * @param startMicros the start, in microseconds since the epoch
	 * @param endMicros the end, in microseconds since the epoch
	 * @param error whether the span failed
	 * @param errorDescription what the failure was, or {@code null}
	 * @throws NullPointerException if an argument other than {@code parentSpanId} and {@code errorDescription} is
	 * {@code null}
	 */
	public AnalyzedSpan {
		Objects.requireNonNull(traceId, "traceId");
		Objects.requireNonNull(spanId, "spanId");
		Objects.requireNonNull(serviceName, "serviceName");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(kind, "kind");
		if (parentSpanId != null && (parentSpanId.isEmpty() || parentSpanId.chars().allMatch((c) -> c == '0'))) {
			parentSpanId = null;
		}
	}

	/**
	 * Returns how long the span took.
	 * @return the end minus the start in microseconds, {@code 0} when the end is before the start
	 */
	public long durationMicros() {
		return Math.max(0, this.endMicros - this.startMicros);
	}

	/**
	 * Whether the span is the start of asynchronous work, which may outlive the span that caused it: a message sent
	 * ({@link Kind#PRODUCER}) or received ({@link Kind#CONSUMER}).
	 * @return {@code true} for producer and consumer spans
	 */
	public boolean isMessaging() {
		return this.kind == Kind.PRODUCER || this.kind == Kind.CONSUMER;
	}

	/**
	 * The role of a span, as OpenTelemetry defines it.
	 */
	public enum Kind {

		/**
		 * Handles a synchronous request from a remote client, such as an HTTP request.
		 */
		SERVER,

		/**
		 * Makes a synchronous request to a remote server, such as an HTTP call or a database query.
		 */
		CLIENT,

		/**
		 * Sends a message, such as a Kafka record.
		 */
		PRODUCER,

		/**
		 * Receives or processes a message, such as a Kafka listener.
		 */
		CONSUMER,

		/**
		 * Work inside a service.
		 */
		INTERNAL

	}

}
