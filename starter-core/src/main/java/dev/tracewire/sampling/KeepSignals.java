package dev.tracewire.sampling;

import dev.tracewire.http.TraceResponse;
import dev.tracewire.propagation.TraceParent;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;

/**
 * Carries a deferred keep across synchronous calls through the sampled flag of W3C Trace Context Level 2's
 * {@code traceresponse} header: a server that keeps its part of a trace that was not sampled says so in its response
 * ({@link #traceResponse}), and a client that reads that flag in a callee's response keeps its own part
 * ({@link #calleeResponded}), so its server says so in turn. A checkout that fails three services deep is then whole,
 * from the first service to the failing span.
 * <p>
 * Trust goes one way: only the responses of services this application calls are read, never anything an inbound
 * request carries. A callee's {@code traceresponse} that is malformed, too long or names another trace is ignored
 * and counted ({@link DeferredKeepSpanProcessor.Outcomes#traceResponseIgnored}). Responses are read only for calls of
 * traces that were not sampled: for the others there is nothing to decide.
 * <p>
 * Works once {@link #attach attached} to the {@link DeferredKeepSpanProcessor} of the tracer; until then, or without
 * one, {@link #traceResponse} gives the plain header and responses are not read.
 */
public final class KeepSignals {

	private static final int MAX_LENGTH = 512;

	private static final int TRACE_ID_START = 3;

	private static final int TRACE_ID_END = 35;

	private static final int FLAGS_END = 55;

	private static final int SAMPLED = 0x01;

	private final boolean fromCallees;

	private final DeferredKeepSpanProcessor.Outcomes outcomes;

	private volatile @Nullable DeferredKeepSpanProcessor processor;

	/**
	 * Creates the signals.
	 * @param fromCallees whether a callee's keep keeps the caller's part of the trace
	 * @param outcomes receives the count of ignored {@code traceresponse} headers
	 */
	public KeepSignals(boolean fromCallees, DeferredKeepSpanProcessor.Outcomes outcomes) {
		this.fromCallees = fromCallees;
		this.outcomes = outcomes;
	}

	/**
	 * Connects the signals to the processor that holds the traces that were not sampled.
	 * @param processor the processor
	 */
	public void attach(DeferredKeepSpanProcessor processor) {
		this.processor = processor;
	}

	/**
	 * Returns whether the keep decision for a span's trace is still open: it was not sampled but is held. A server then
	 * writes its {@code traceresponse} at the last moment ({@link #traceResponse}), and a client reads its callee's
	 * ({@link #calleeResponded}); otherwise neither has anything to decide.
	 * @param span the server span of a request, or the client span of a call
	 * @return whether the span's trace is held, waiting for a decision
	 */
	public boolean decidesLate(Span span) {
		DeferredKeepSpanProcessor processor = this.processor;
		SpanContext context = (processor != null) ? unsampled(span) : null;
		return context != null && processor.isHeld(context.getTraceId());
	}

	/**
	 * Returns the {@code traceresponse} header value for a response about to be sent. For a trace that was not
	 * sampled, the trace is kept now if the response is failing, the request has been slow or a callee kept it (see
	 * {@link DeferredKeepSpanProcessor#keepNow}), and the sampled flag says so.
	 * @param span the server span of the request
	 * @param failed whether the response is a failure (5xx)
	 * @return the header value, or {@code null} for a span without valid ids
	 */
	public @Nullable String traceResponse(Span span, boolean failed) {
		DeferredKeepSpanProcessor processor = this.processor;
		SpanContext context = (processor != null) ? unsampled(span) : null;
		if (context == null) {
			return TraceResponse.of(span);
		}
		int flags = context.getTraceFlags().asByte() | (processor.keepNow(context, failed) ? SAMPLED : 0);
		return TraceResponse.format(context.getTraceId(), context.getSpanId(), flags);
	}

	/**
	 * Reads a callee's {@code traceresponse}: when its sampled flag is set for the trace of the call, the caller's
	 * part of the trace is kept.
	 * @param clientSpan the client span of the call
	 * @param traceResponse the header value of the callee's response, or {@code null} when it sent none
	 */
	public void calleeResponded(Span clientSpan, @Nullable String traceResponse) {
		SpanContext context = (traceResponse != null) ? unsampled(clientSpan) : null;
		if (context != null) {
			calleeResponded(context, traceResponse);
		}
	}

	/**
	 * Reads a callee's {@code traceresponse}, for a call known by its span context (the one its {@code traceparent}
	 * carried).
	 * @param clientSpan the span context of the call
	 * @param traceResponse the header value of the callee's response, or {@code null} when it sent none
	 */
	public void calleeResponded(SpanContext clientSpan, @Nullable String traceResponse) {
		DeferredKeepSpanProcessor processor = this.processor;
		if (traceResponse == null || processor == null || !this.fromCallees || clientSpan.isSampled()
				|| !clientSpan.isValid()) {
			return;
		}
		String value = (traceResponse.length() <= MAX_LENGTH) ? TraceParent.normalize(traceResponse) : null;
		if (value == null) {
			this.outcomes.traceResponseIgnored("malformed");
			return;
		}
		if (!value.regionMatches(TRACE_ID_START, clientSpan.getTraceId(), 0, TRACE_ID_END - TRACE_ID_START)) {
			this.outcomes.traceResponseIgnored("other-trace");
			return;
		}
		if ((Character.digit(value.charAt(FLAGS_END - 1), 16) & SAMPLED) != 0) {
			processor.keepForCallee(clientSpan);
		}
	}

	// The OpenTelemetry context of a span whose trace was not sampled, or null.
	private static @Nullable SpanContext unsampled(Span span) {
		if (!(span instanceof OtelSpan)) {
			return null;
		}
		SpanContext context = OtelSpan.toOtel(span).getSpanContext();
		return (context.isValid() && !context.isSampled()) ? context : null;
	}

	@Override
	public String toString() {
		return "KeepSignals{fromCallees=" + this.fromCallees + ", attached=" + (this.processor != null) + "}";
	}

}
