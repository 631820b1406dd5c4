package dev.tracewire.webclient;

import dev.tracewire.http.TraceResponse;
import dev.tracewire.propagation.TraceParent;
import dev.tracewire.sampling.KeepSignals;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Reads the {@code traceresponse} header of the responses a {@code WebClient} receives, so that a callee that kept
 * its part of a trace that was not sampled makes this service keep its own (see {@link KeepSignals}).
 * <p>
 * A filter rather than an observation handler: {@code WebClient} stops its observation only once the response has
 * gone downstream, and a reactive server may have answered its own caller by then. The filter reads the header as
 * the response arrives, before the application sees it, so that a server's {@code traceresponse} written right
 * after already knows. The call's own {@code traceparent} says whether its trace was sampled; a sampled call's
 * exchange is left as it is.
 */
public final class TraceResponseExchangeFilter implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(TraceResponseExchangeFilter.class);

	private static final String TRACEPARENT = "traceparent";

	private static final int SAMPLED = 0x01;

	private final KeepSignals keepSignals;

	/**
	 * Creates the filter.
	 * @param keepSignals what keeps this service's part of a trace
	 */
	public TraceResponseExchangeFilter(KeepSignals keepSignals) {
		this.keepSignals = keepSignals;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		// The traceparent the call carries says whether its trace was sampled: then there is nothing to read, and the
		// exchange goes on without one more operator.
		String traceparent = request.headers().getFirst(TRACEPARENT);
		if (traceparent != null && !traceparent.isEmpty()) {
			if ((Character.digit(traceparent.charAt(traceparent.length() - 1), 16) & SAMPLED) != 0) {
				return next.exchange(request);
			}
			String normalized = TraceParent.normalize(traceparent);
			if (normalized != null) {
				SpanContext call = SpanContext.create(normalized.substring(3, 35), normalized.substring(36, 52),
						TraceFlags.getDefault(), TraceState.getDefault());
				return next.exchange(request).doOnNext((response) -> read(call, response));
			}
		}
		// Another propagation format: the span of the WebClient's own observation, from the Reactor context.
		return Mono.deferContextual((context) -> {
			Span span = clientSpan(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
			Mono<ClientResponse> exchange = next.exchange(request);
			return (span != null && this.keepSignals.decidesLate(span))
					? exchange.doOnNext((response) -> read(OtelSpan.toOtel(span).getSpanContext(), response))
					: exchange;
		});
	}

	private void read(SpanContext call, ClientResponse response) {
		try {
			this.keepSignals.calleeResponded(call, response.headers().asHttpHeaders().getFirst(TraceResponse.NAME));
		}
		catch (RuntimeException ex) {
			// A callee's tracing header is never worth a failed call.
			logger.debug("Could not read the traceresponse header", ex);
		}
	}

	// The span of the WebClient's own observation, which it puts in the Reactor context of its filters.
	private static @Nullable Span clientSpan(@Nullable Observation observation) {
		if (observation == null || observation.isNoop()) {
			return null;
		}
		TracingContext tracing = observation.getContext().get(TracingContext.class);
		return (tracing != null) ? tracing.getSpan() : null;
	}

	@Override
	public String toString() {
		return "TraceResponseExchangeFilter{" + this.keepSignals + "}";
	}

}
