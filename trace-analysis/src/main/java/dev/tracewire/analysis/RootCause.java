package dev.tracewire.analysis;

import java.util.List;
import java.util.Objects;

/**
 * The root cause of one failure in a trace: a failed span none of whose descendants failed, so its failure did not
 * come from below. A span that recovered from a failed child (a retry, a fallback) does not hide the child: the
 * child is still a root cause.
 *
 * @param span the failed span
 * @param chain the failure as it propagated: {@code span} first, then each failed ancestor up to the first ancestor
 * that did not fail (or the root), such as payment's server span, order's client and server spans, the gateway's
 * spans
 * @see Trace#rootCauses()
 */
public record RootCause(AnalyzedSpan span, List<AnalyzedSpan> chain) {

	/**
	 * Creates a root cause.
	 * @param span the failed span
	 * @param chain the failure as it propagated, {@code span} first
	 * @throws NullPointerException if an argument is {@code null}
	 */
	public RootCause {
		Objects.requireNonNull(span, "span");
		chain = List.copyOf(chain);
	}

	/**
	 * Describes the root cause in one line, such as {@code root cause: payment-service `http post /charges` ERROR
	 * 503}.
	 * @return the service, the span name in backquotes, {@code ERROR} and the error description when there is one
	 */
	public String description() {
		String detail = this.span.errorDescription();
		return "root cause: " + this.span.serviceName() + " `" + this.span.name() + "` ERROR"
				+ ((detail != null && !detail.isBlank()) ? " " + detail.strip() : "");
	}

}
