package dev.tracewire.webflux;

import dev.tracewire.http.TraceResponse;
import dev.tracewire.sampling.KeepSignals;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Adds the {@code traceresponse} header to every response of a traced request, error responses included, so
 * that a caller learns the trace id of its request.
 * <p>
 * The value is taken from the server span that Spring's HTTP observation started for the exchange, before the
 * rest of the chain runs (Spring starts that observation before the first filter): the header is set at once, which
 * costs the response no commit action (a commit action puts a chain of operators on every response). Error
 * handling keeps it: on an error, Spring clears only the content headers. When no span is there yet, the header is
 * added just before the response is committed instead. A {@code traceresponse} header the application sets
 * replaces it.
 * <p>
 * For a trace that was not sampled but is held for a deferred keep, the header is written just before the response
 * is committed, when its status is known: its sampled flag then says whether this service keeps its part of the
 * trace (see {@link KeepSignals}), so that the caller keeps its own.
 */
public final class TraceResponseWebFilter implements WebFilter, Ordered {

	/**
	 * Order of this filter: early, so that responses written by later filters (security, for example) carry the
	 * header too.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private static final Log logger = LogFactory.getLog(TraceResponseWebFilter.class);

	private final @Nullable KeepSignals keepSignals;

	/**
	 * Creates the filter, without deferred keep.
	 */
	public TraceResponseWebFilter() {
		this(null);
	}

	/**
	 * Creates the filter.
	 * @param keepSignals tells whether a trace that was not sampled is kept, or {@code null} for no deferred keep
	 */
	public TraceResponseWebFilter(@Nullable KeepSignals keepSignals) {
		this.keepSignals = keepSignals;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!addHeader(exchange, false)) {
			exchange.getResponse().beforeCommit(() -> {
				addHeader(exchange, true);
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

	// Whether the response has the header now (added, or set by the application), or will have it at commit.
	private boolean addHeader(ServerWebExchange exchange, boolean committing) {
		try {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			if (headers.containsHeader(TraceResponse.NAME)) {
				return true;
			}
			Span span = serverSpan(exchange);
			if (span == null) {
				return false;
			}
			KeepSignals keepSignals = this.keepSignals;
			String value;
			if (keepSignals == null) {
				value = TraceResponse.of(span);
			}
			else if (committing) {
				HttpStatusCode status = exchange.getResponse().getStatusCode();
				value = keepSignals.traceResponse(span, status != null && status.is5xxServerError());
			}
			else if (keepSignals.decidesLate(span)) {
				// Whether this service keeps its part is known only once the response's status is.
				return false;
			}
			else {
				value = TraceResponse.of(span);
			}
			if (value != null) {
				headers.set(TraceResponse.NAME, value);
				return true;
			}
			return false;
		}
		catch (RuntimeException ex) {
			// A tracing header is never worth a failed response.
			logger.debug("Could not add the traceresponse header", ex);
			return true;
		}
	}

	private static @Nullable Span serverSpan(ServerWebExchange exchange) {
		ServerRequestObservationContext context = ServerRequestObservationContext
			.findCurrent(exchange.getAttributes())
			.orElse(null);
		TracingContext tracingContext = (context != null) ? context.get(TracingContext.class) : null;
		return (tracingContext != null) ? tracingContext.getSpan() : null;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
