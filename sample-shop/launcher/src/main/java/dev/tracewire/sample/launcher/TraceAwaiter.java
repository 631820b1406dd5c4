package dev.tracewire.sample.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Waits until Zipkin has a checkout's whole trace: services export spans in batches (every
 * {@link Shop#EXPORT_DELAY} in the demo, every few seconds elsewhere), so a trace fills up over time. Complete
 * means: the services the answer implies are there, no span's parent is missing, what the active faults add is
 * there, and nothing new arrived for a moment.
 */
final class TraceAwaiter {

	static final Duration QUIET = Duration.ofMillis(1200);

	/** The attribute on spans of a trace that a service kept without sampling it: error, slow or downstream. */
	static final String KEPT = "tracewire.sampling.kept";

	private static final Duration POLL = Duration.ofMillis(300);

	private TraceAwaiter() {
	}

	/**
	 * A trace, complete or what arrived before the timeout.
	 *
	 * @param trace the spans Zipkin had
	 * @param complete whether everything expected arrived
	 * @param missing what is missing, for the user
	 */
	record Result(Trace trace, boolean complete, List<String> missing) {
	}

	/**
	 * Waits for a checkout's trace.
	 * @param zipkin Zipkin
	 * @param checkout the checkout (with a trace id)
	 * @param faults the faults that are on
	 * @param timeout how long to wait at most
	 * @return the trace
	 */
	static Result await(ZipkinClient zipkin, Checkout checkout, Set<Fault> faults, Duration timeout) {
		String traceId = String.valueOf(checkout.traceId());
		long deadline = System.nanoTime() + timeout.toNanos();
		int lastSize = -1;
		long lastChange = System.nanoTime();
		Trace trace = new Trace(traceId, List.of());
		while (true) {
			trace = zipkin.trace(traceId);
			if (trace.spans().size() != lastSize) {
				lastSize = trace.spans().size();
				lastChange = System.nanoTime();
			}
			List<String> missing = missing(trace, checkout, faults);
			boolean quiet = System.nanoTime() - lastChange >= QUIET.toNanos();
			if (missing.isEmpty() && quiet) {
				return new Result(trace, true, missing);
			}
			if (System.nanoTime() > deadline) {
				return new Result(trace, missing.isEmpty(), missing);
			}
			try {
				Thread.sleep(POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return new Result(trace, false, missing);
			}
		}
	}

	/**
	 * Returns what a checkout's trace still lacks.
	 * @param trace what Zipkin has
	 * @param checkout the checkout
	 * @param faults the faults that are on
	 * @return descriptions of what is missing, empty when complete
	 */
	static List<String> missing(Trace trace, Checkout checkout, Set<Fault> faults) {
		Set<String> missing = new TreeSet<>();
		String gateway = ShopService.GATEWAY.directory();
		// A trace the gateway did not sample but kept for being slow (--sampling below 1): each other service
		// decided on its own part, and those that were quick discarded theirs.
		boolean keptSlow = trace.spans(gateway).stream().anyMatch((span) -> "slow".equals(span.tag(KEPT)));
		Set<String> expected = new TreeSet<>(
				keptSlow ? List.of(gateway) : List.of(gateway, ShopService.ORDER.directory()));
		if (checkout.confirmed() && !keptSlow) {
			for (ShopService service : ShopService.values()) {
				expected.add(service.directory());
			}
		}
		expected.removeAll(trace.services());
		expected.forEach((service) -> missing.add("spans of " + service));
		long orphans = trace.spans().stream().filter((span) -> span.parentId() != null && trace.parentOf(span) == null).count();
		if (orphans > 0) {
			missing.add(orphans + " parent span(s)");
		}
		if (checkout.confirmed() && faults.contains(Fault.NOTIFICATION_FAILING)
				&& trace.find(deadLetter()).isEmpty()) {
			missing.add("the dead-letter span");
		}
		return List.copyOf(missing);
	}

	/**
	 * Matches the span of a record's dead-letter delivery.
	 * @return the predicate
	 */
	static Predicate<ZipkinSpan> deadLetter() {
		return Waterfall::isDeadLetter;
	}

}
