package dev.tracewire.webclient;

import dev.tracewire.http.TraceResponse;
import dev.tracewire.sampling.KeepSignals;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
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
 * after already knows.
 */
public final class TraceResponseExchangeFilter implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(TraceResponseExchangeFilter.class);

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
		return Mono.deferContextual((context) -> {
			Span span = clientSpan(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
			Mono<ClientResponse> exchange = next.exchange(request);
			return (span != null) ? exchange.doOnNext((response) -> read(span, response)) : exchange;
		});
	}

	private void read(Span span, ClientResponse response) {
		try {
			this.keepSignals.calleeResponded(span, response.headers().asHttpHeaders().getFirst(TraceResponse.NAME));
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
