package dev.tracewire.http;

import io.micrometer.tracing.TraceContext;

/**
 * The W3C Trace Context Level 2 {@code traceresponse} header, which tells a caller the trace id (and the server's
 * span id and sampling decision) of its request, so it can quote it in a bug report or look the trace up.
 */
public final class TraceResponse {

	/**
	 * Name of the header.
	 */
	public static final String HEADER = "traceresponse";

	private TraceResponse() {
	}

	/**
	 * Formats the header for a server span: {@code 00-<trace-id>-<span-id>-<flags>}.
	 * @param context the server span's context
	 * @return the header value
	 */
	public static String format(TraceContext context) {
		Boolean sampled = context.sampled();
		String flags = Boolean.TRUE.equals(sampled) ? "01" : "00";
		return "00-" + context.traceId() + "-" + context.spanId() + "-" + flags;
	}

}
