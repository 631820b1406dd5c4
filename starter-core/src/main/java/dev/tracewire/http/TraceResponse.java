package dev.tracewire.http;

import dev.tracewire.propagation.TraceParent;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * Formats the W3C Trace Context Level 2 {@code traceresponse} header,
 * {@code 00-<trace-id>-<span-id>-<flags>}, which tells a caller the trace its request joined and the span that
 * served it, so that it can quote the trace id.
 * <p>
 * Used by the servlet filter of {@code tracewire-starter-core} and the WebFlux filter of
 * {@code tracewire-starter-webflux}. Only the two flags Level 2 defines are sent: sampled ({@code 01}) and random trace id ({@code 02}); every other
 * bit is reserved and sent as zero.
 */
public final class TraceResponse {

	/**
	 * Name of the response header.
	 */
	public static final String NAME = "traceresponse";

	private static final String VERSION = "00";

	private static final int SAMPLED = 0x01;

	private static final int DEFINED_FLAGS = 0x03;

	private static final int TRACE_ID_LENGTH = 32;

	private static final int SPAN_ID_LENGTH = 16;

	private TraceResponse() {
	}

	/**
	 * Returns the header value for a span.
	 * @param span the span that served the request
	 * @return the header value, or {@code null} for a span without valid ids (a no-op span); an unsampled span
	 * still names its trace, with the sampled flag clear
	 */
	public static @Nullable String of(Span span) {
		if (span instanceof OtelSpan) {
			// OpenTelemetry's ids are valid lower-case hex once the span context is valid, and it knows the
			// random-trace-id flag, which Micrometer's TraceContext does not expose.
			SpanContext context = OtelSpan.toOtel(span).getSpanContext();
			return context.isValid() ? header(context.getTraceId(), context.getSpanId(),
					context.getTraceFlags().asByte()) : null;
		}
		TraceContext context = span.context();
		return format(context.traceId(), context.spanId(), Boolean.TRUE.equals(context.sampled()) ? SAMPLED : 0);
	}

	/**
	 * Returns the header value for the given ids and flags.
	 * @param traceId 32 lower-case hex characters, not all zero
	 * @param spanId 16 lower-case hex characters, not all zero
	 * @param flags the trace flags; bits other than sampled and random are dropped
	 * @return the header value, or {@code null} when an id is invalid
	 */
	public static @Nullable String format(String traceId, String spanId, int flags) {
		if (!TraceParent.isValidId(traceId, TRACE_ID_LENGTH) || !TraceParent.isValidId(spanId, SPAN_ID_LENGTH)) {
			return null;
		}
		return header(traceId, spanId, flags);
	}

	private static String header(String traceId, String spanId, int flags) {
		return VERSION + "-" + traceId + "-" + spanId + "-0" + Character.forDigit(flags & DEFINED_FLAGS, 16);
	}

}
