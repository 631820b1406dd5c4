package dev.tracewire.testapp;

/**
 * What a piece of work saw of the trace context on the thread it ran on.
 *
 * @param traceId trace id of {@code tracer.currentSpan()}, or {@code "none"}
 * @param spanId span id of {@code tracer.currentSpan()}, or {@code "none"}
 * @param mdcTraceId the {@code traceId} in the log MDC, or {@code "none"}
 * @param thread the thread the work ran on
 */
public record Observed(String traceId, String spanId, String mdcTraceId, String thread) {

}
