package dev.tracewire.propagation;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What a caller's B3 headers said about sampling beyond what OpenTelemetry's B3 propagator keeps: an explicit
 * deny ({@code b3: 0}, which carries no ids and is otherwise ignored) or no decision at all (ids without a
 * sampling field, which must defer to our sampler rather than mean "not sampled").
 */
public enum InboundSampling {

	/**
	 * The caller asked for the request not to be sampled.
	 */
	DENY,

	/**
	 * The caller sent trace ids but left the decision to us.
	 */
	DEFER;

	/**
	 * Reads a caller's B3 sampling wish from its request headers; W3C {@code traceparent} takes precedence, so a
	 * request with a valid one has none.
	 * @param headers all lines of a header by name, empty when absent
	 * @return the wish, or {@code null} when the headers carry an ordinary decision or nothing
	 */
	public static @Nullable InboundSampling fromHeaders(Function<String, List<String>> headers) {
		List<String> traceparent = headers.apply("traceparent");
		if (traceparent.size() == 1 && TraceParent.normalize(traceparent.get(0)) != null) {
			return null;
		}
		String single = first(headers.apply("b3"));
		if (single != null && !B3Header.isValidSingle(single)) {
			single = null;
		}
		return fromB3(single, first(headers.apply("X-B3-TraceId")), first(headers.apply("X-B3-SpanId")),
				first(headers.apply("X-B3-Sampled")), first(headers.apply("X-B3-Flags")));
	}

	private static @Nullable String first(List<String> lines) {
		return lines.isEmpty() ? null : lines.get(0);
	}

	/**
	 * Reads the B3 headers (single header first, then multiple headers).
	 * @param single the {@code b3} header
	 * @param traceId the {@code X-B3-TraceId} header
	 * @param spanId the {@code X-B3-SpanId} header
	 * @param sampled the {@code X-B3-Sampled} header
	 * @param flags the {@code X-B3-Flags} header
	 * @return the wish, or {@code null} when the headers carry an ordinary decision or nothing
	 */
	static @Nullable InboundSampling fromB3(@Nullable String single, @Nullable String traceId,
			@Nullable String spanId, @Nullable String sampled, @Nullable String flags) {
		if (single != null && !single.isBlank()) {
			String[] fields = single.strip().split("-", -1);
			if (fields.length == 1) {
				return "0".equals(fields[0]) ? DENY : null;
			}
			return (fields.length == 2) ? DEFER : null;
		}
		if (flags != null && flags.strip().equals("1")) {
			return null;
		}
		if (traceId != null && spanId != null) {
			return (sampled == null) ? DEFER : null;
		}
		if (sampled != null) {
			String value = sampled.strip().toLowerCase(Locale.ROOT);
			return (value.equals("0") || value.equals("false")) ? DENY : null;
		}
		return null;
	}

}
