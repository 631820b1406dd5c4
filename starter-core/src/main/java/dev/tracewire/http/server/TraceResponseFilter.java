package dev.tracewire.http.server;

import java.io.IOException;

import dev.tracewire.http.TraceResponse;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds the {@code traceresponse} header to every servlet response, naming the server span of the request. Runs
 * just inside Spring's observation filter, where that span is current, and sets the header before the response
 * can be committed.
 */
public class TraceResponseFilter extends OncePerRequestFilter {

	private final Tracer tracer;

	/**
	 * Creates the filter.
	 * @param tracer the tracer whose current span is the server span
	 */
	public TraceResponseFilter(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Span span = this.tracer.currentSpan();
		String value = (span != null && !response.containsHeader(TraceResponse.NAME)) ? TraceResponse.of(span) : null;
		if (value != null) {
			response.setHeader(TraceResponse.NAME, value);
		}
		chain.doFilter(request, response);
	}

}
