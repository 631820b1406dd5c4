package dev.tracewire.sampling;

import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.context.Scope;

/**
 * Micrometer's handler for spans of incoming requests and messages, with a {@link SamplingHint} in context while
 * each span starts, so that rules by HTTP method, path and observation name can apply.
 *
 * @param <T> the context type
 */
public class SamplingHintReceiverTracingObservationHandler<T extends ReceiverContext<?>>
		extends PropagatingReceiverTracingObservationHandler<T> {

	/**
	 * Creates the handler.
	 * @param tracer the tracer
	 * @param propagator the propagator that extracts the caller's context
	 */
	public SamplingHintReceiverTracingObservationHandler(Tracer tracer, Propagator propagator) {
		super(tracer, propagator);
	}

	@Override
	public void onStart(T context) {
		try (Scope hint = SamplingHint.open(context)) {
			super.onStart(context);
		}
	}

}
