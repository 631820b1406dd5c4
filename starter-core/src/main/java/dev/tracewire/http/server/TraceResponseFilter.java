package dev.tracewire.http.server;

import java.io.IOException;
import java.io.PrintWriter;

import dev.tracewire.http.TraceResponse;
import dev.tracewire.sampling.KeepSignals;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds the {@code traceresponse} header to every servlet response, naming the server span of the request. Runs
 * just inside Spring's observation filter, where that span is current, and sets the header before the response
 * can be committed.
 * <p>
 * For a trace that was not sampled but is held for a deferred keep, the sampled flag says whether this service keeps
 * its part (see {@link KeepSignals}): that is decided when the response's status is set, its body is started or it
 * is flushed, and once more after the chain if the response is not committed yet, so a 5xx is known in time.
 */
public class TraceResponseFilter extends OncePerRequestFilter {

	private final Tracer tracer;

	private final @Nullable KeepSignals keepSignals;

	/**
	 * Creates the filter.
	 * @param tracer the tracer whose current span is the server span
	 */
	public TraceResponseFilter(Tracer tracer) {
		this(tracer, null);
	}

	/**
	 * Creates the filter.
	 * @param tracer the tracer whose current span is the server span
	 * @param keepSignals tells whether a trace that was not sampled is kept, or {@code null} for no deferred keep
	 */
	public TraceResponseFilter(Tracer tracer, @Nullable KeepSignals keepSignals) {
		this.tracer = tracer;
		this.keepSignals = keepSignals;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Span span = this.tracer.currentSpan();
		if (span == null || response.containsHeader(TraceResponse.NAME)) {
			chain.doFilter(request, response);
			return;
		}
		String value = TraceResponse.of(span);
		if (value != null) {
			response.setHeader(TraceResponse.NAME, value);
		}
		KeepSignals keepSignals = this.keepSignals;
		if (value == null || keepSignals == null || !keepSignals.decidesLate(span)) {
			chain.doFilter(request, response);
			return;
		}
		KeepDecidingResponse deciding = new KeepDecidingResponse(response, span, keepSignals, value);
		try {
			chain.doFilter(request, deciding);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			// The container answers with an error page, outside this filter: say now that the trace is kept.
			deciding.decide(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
			throw ex;
		}
		deciding.decide(response.getStatus());
	}

	/**
	 * Rewrites the {@code traceresponse} header, whose sampled flag depends on how the request ends, whenever the
	 * status is set and before the response can be committed.
	 */
	private static final class KeepDecidingResponse extends HttpServletResponseWrapper {

		private final Span span;

		private final KeepSignals keepSignals;

		private String value;

		KeepDecidingResponse(HttpServletResponse response, Span span, KeepSignals keepSignals, String value) {
			super(response);
			this.span = span;
			this.keepSignals = keepSignals;
			this.value = value;
		}

		void decide(int status) {
			HttpServletResponse response = (HttpServletResponse) getResponse();
			if (response.isCommitted() || !this.value.equals(response.getHeader(TraceResponse.NAME))) {
				// Too late, or the application wrote its own.
				return;
			}
			String decided = this.keepSignals.traceResponse(this.span, status >= 500);
			if (decided != null && !decided.equals(this.value)) {
				this.value = decided;
				response.setHeader(TraceResponse.NAME, decided);
			}
		}

		@Override
		public void setStatus(int sc) {
			super.setStatus(sc);
			decide(sc);
		}

		@Override
		public void sendError(int sc, String msg) throws IOException {
			decide(sc);
			super.sendError(sc, msg);
		}

		@Override
		public void sendError(int sc) throws IOException {
			decide(sc);
			super.sendError(sc);
		}

		@Override
		public void sendRedirect(String location) throws IOException {
			decide(SC_FOUND);
			super.sendRedirect(location);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			decide(getStatus());
			return super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			decide(getStatus());
			return super.getWriter();
		}

		@Override
		public void flushBuffer() throws IOException {
			decide(getStatus());
			super.flushBuffer();
		}

	}

}
