package dev.tracewire.bench.continuity.app;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;

/**
 * The far side of a boundary: starts and ends a span named {@code work <boundary>} through the OpenTelemetry API,
 * whose parent is whatever context is current on the thread (so a lost context makes it the root of a trace of its
 * own), and counts it, so that the runner knows when asynchronous work is done.
 * <p>
 * The OpenTelemetry API is what all the setups compared share: Boot's Micrometer bridge and the OpenTelemetry
 * starter make their context current in it, and the agent bridges it.
 */
public class Work {

	/**
	 * Prefix of the name of the span each piece of work starts; the boundary's id follows.
	 */
	public static final String SPAN_NAME_PREFIX = "work ";

	/**
	 * Attribute holding the span id that was current where the work was handed on ({@value #NONE} if none).
	 */
	public static final String ORIGIN_ATTRIBUTE = "continuity.origin";

	/**
	 * Attribute holding the name of the thread the work ran on.
	 */
	public static final String THREAD_ATTRIBUTE = "continuity.thread";

	/**
	 * Value of {@link #ORIGIN_ATTRIBUTE} when no span was current.
	 */
	public static final String NONE = "none";

	private final Tracer tracer;

	private final Map<String, AtomicInteger> done = new ConcurrentHashMap<>();

	public Work(OpenTelemetry openTelemetry) {
		this.tracer = openTelemetry.getTracer("dev.tracewire.bench.continuity");
	}

	/**
	 * Returns the id of the span current on this thread, to hand on with the work.
	 * @return the span id, or {@value #NONE}
	 */
	public static String origin() {
		SpanContext current = Span.current().getSpanContext();
		return current.isValid() ? current.getSpanId() : NONE;
	}

	/**
	 * Runs the far side of a boundary.
	 * @param boundary the boundary crossed
	 * @param origin the span id current where the work was handed on, from {@link #origin()}
	 * @return the boundary's id
	 */
	public String run(Boundary boundary, String origin) {
		Span span = this.tracer.spanBuilder(boundary.workSpanName())
			.setAttribute(ORIGIN_ATTRIBUTE, origin)
			.setAttribute(THREAD_ATTRIBUTE, Thread.currentThread().getName())
			.startSpan();
		span.end();
		count(boundary);
		return boundary.id();
	}

	/**
	 * Counts a far side that starts no span of its own (a downstream call).
	 * @param boundary the boundary crossed
	 */
	public void count(Boundary boundary) {
		this.done.computeIfAbsent(boundary.id(), (id) -> new AtomicInteger()).incrementAndGet();
	}

	/**
	 * Returns how often each boundary's far side has run.
	 * @return the counts by boundary id
	 */
	public Map<String, Integer> done() {
		Map<String, Integer> counts = new TreeMap<>();
		this.done.forEach((id, count) -> counts.put(id, count.get()));
		return counts;
	}

}
