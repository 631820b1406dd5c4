package dev.tracewire.testapp;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.MDC;

/**
 * A unit of work in a test application: records what it sees of the current trace (span, MDC) and runs inside
 * a "work" observation, whose parent is whatever is current on the thread. If the context was lost, the "work"
 * span starts a trace of its own.
 */
public class TracedWork {

	/**
	 * Name of the span each piece of work creates.
	 */
	public static final String SPAN_NAME = "work";

	private final Tracer tracer;

	private final ObservationRegistry registry;

	public TracedWork(Tracer tracer, ObservationRegistry registry) {
		this.tracer = tracer;
		this.registry = registry;
	}

	public Observed run() {
		Span current = this.tracer.currentSpan();
		String mdcTraceId = MDC.get("traceId");
		Observed observed = new Observed((current != null) ? current.context().traceId() : "none",
				(current != null) ? current.context().spanId() : "none", (mdcTraceId != null) ? mdcTraceId : "none",
				Thread.currentThread().getName());
		Observation.createNotStarted(SPAN_NAME, this.registry).observe(() -> {
		});
		return observed;
	}

}
