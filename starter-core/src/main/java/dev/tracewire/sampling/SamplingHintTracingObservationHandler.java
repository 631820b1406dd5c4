package dev.tracewire.sampling;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.opentelemetry.context.Scope;

/**
 * Micrometer's handler for local spans, with a {@link SamplingHint} in context while each span starts, so that
 * rules by observation name can apply.
 */
public class SamplingHintTracingObservationHandler extends DefaultTracingObservationHandler {

	/**
	 * Creates the handler.
	 * @param tracer the tracer
	 */
	public SamplingHintTracingObservationHandler(Tracer tracer) {
		super(tracer);
	}

	@Override
	public void onStart(Observation.Context context) {
		try (Scope hint = SamplingHint.open(context)) {
			super.onStart(context);
		}
	}

}
