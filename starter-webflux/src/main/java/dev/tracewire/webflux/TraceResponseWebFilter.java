package dev.tracewire.webflux;

import dev.tracewire.http.TraceResponse;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Adds the {@code traceresponse} header to every response of a traced request, error responses included, so
 * that a caller learns the trace id of its request.
 * <p>
 * The value is taken from the server span that Spring's HTTP observation started for the exchange, just before
 * the response is committed. A {@code traceresponse} header the application set itself is kept.
 */
public final class TraceResponseWebFilter implements WebFilter, Ordered {

	/**
	 * Order of this filter: early, so that responses written by later filters (security, for example) carry the
	 * header too.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private static final Log logger = LogFactory.getLog(TraceResponseWebFilter.class);

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			addHeader(exchange);
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	private static void addHeader(ServerWebExchange exchange) {
		try {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			if (headers.containsHeader(TraceResponse.NAME)) {
				return;
			}
			Span span = serverSpan(exchange);
			String value = (span != null) ? TraceResponse.of(span) : null;
			if (value != null) {
				headers.set(TraceResponse.NAME, value);
			}
		}
		catch (RuntimeException ex) {
			// A tracing header is never worth a failed response.
			logger.debug("Could not add the traceresponse header", ex);
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
