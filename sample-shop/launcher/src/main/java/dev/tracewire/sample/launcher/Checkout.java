package dev.tracewire.sample.launcher;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One checkout the launcher sent and what the gateway answered.
 *
 * @param number its place in the script, from 1
 * @param request what was sent
 * @param status the HTTP status ({@code 0} when the gateway did not answer)
 * @param body the response body, or the error
 * @param traceId the trace id from the {@code traceresponse} header, {@code null} without one
 * @param sampled whether that header's sampled flag is set: the gateway sampled the trace or, having not sampled it,
 * kept it (a span failed, was slow, or a service it called kept its part), so the trace goes to Zipkin
 * @param took the time to the answer
 */
record Checkout(int number, CheckoutRequest request, int status, String body, @Nullable String traceId,
		boolean sampled, Duration took) {

	private static final Pattern TRACE_RESPONSE = Pattern
		.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-([0-9a-f]{2})$");

	/**
	 * Reads the trace id of a W3C {@code traceresponse} header ({@code 00-<trace id>-<span id>-<flags>}).
	 * @param header the header's value, or {@code null}
	 * @return the trace id, or {@code null} when the header is missing or malformed
	 */
	static @Nullable String traceIdOf(@Nullable String header) {
		if (header == null) {
			return null;
		}
		Matcher matcher = TRACE_RESPONSE.matcher(header.trim());
		return matcher.matches() ? matcher.group(1) : null;
	}

	/**
	 * Reads the sampled flag of a W3C {@code traceresponse} header (the lowest bit of its flags).
	 * @param header the header's value, or {@code null}
	 * @return whether the header is well-formed with the flag set
	 */
	static boolean sampledOf(@Nullable String header) {
		if (header == null) {
			return false;
		}
		Matcher matcher = TRACE_RESPONSE.matcher(header.trim());
		return matcher.matches() && (Integer.parseInt(matcher.group(2), 16) & 1) == 1;
	}

	/**
	 * Returns whether the order was confirmed.
	 * @return whether the gateway answered 201
	 */
	boolean confirmed() {
		return this.status == 201;
	}

	/**
	 * Returns whether the e-mail address is one notification-service's sender rejects.
	 * @return whether it ends in {@code @bounce.example}
	 */
	boolean bounces() {
		return this.request.email().endsWith("@bounce.example");
	}

	/**
	 * Returns a one-line summary.
	 * @return for example {@code #3 201 in 142 ms, trace 4bf9...}
	 */
	String summary() {
		return "#" + this.number + " " + ((this.status == 0) ? "no answer" : this.status) + " in "
				+ this.took.toMillis() + " ms" + ((this.traceId != null) ? ", trace " + this.traceId : ", no trace id")
				+ ((this.status == 201 || this.status == 0) ? "" : ": " + this.body);
	}

}
