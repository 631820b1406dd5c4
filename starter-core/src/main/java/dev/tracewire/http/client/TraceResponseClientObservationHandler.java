package dev.tracewire.http.client;

import dev.tracewire.http.TraceResponse;
import dev.tracewire.sampling.KeepSignals;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.observation.ClientRequestObservationContext;

/**
 * Reads the {@code traceresponse} header of the responses {@code RestTemplate} and {@code RestClient} receive, so
 * that a callee that kept its part of a trace that was not sampled makes this service keep its own (see
 * {@link KeepSignals}).
 */
public final class TraceResponseClientObservationHandler implements ObservationHandler<ClientRequestObservationContext> {

	private static final Log logger = LogFactory.getLog(TraceResponseClientObservationHandler.class);

	private final KeepSignals keepSignals;

	/**
	 * Creates the handler.
	 * @param keepSignals what keeps this service's part of a trace
	 */
	public TraceResponseClientObservationHandler(KeepSignals keepSignals) {
		this.keepSignals = keepSignals;
	}

	@Override
	public void onStop(ClientRequestObservationContext context) {
		ClientHttpResponse response = context.getResponse();
		TracingContext tracing = context.get(TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		if (response == null || span == null) {
			return;
		}
		try {
			this.keepSignals.calleeResponded(span, response.getHeaders().getFirst(TraceResponse.NAME));
		}
		catch (RuntimeException ex) {
			// A callee's tracing header is never worth a failed call.
			logger.debug("Could not read the traceresponse header", ex);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ClientRequestObservationContext;
	}

}
