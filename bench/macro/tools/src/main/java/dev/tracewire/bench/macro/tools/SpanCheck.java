package dev.tracewire.bench.macro.tools;

/**
 * Spans received in a window against spans expected: {@code DROPS} when fewer arrived than the requests made
 * (beyond those in flight at the window's edges), {@code EXTRA} when more, otherwise {@code ok}.
 *
 * @param expected the spans expected
 * @param verdict {@code ok}, {@code DROPS} or {@code EXTRA}
 */
record SpanCheck(long expected, String verdict) {

	/**
	 * Judges one window.
	 * @param spans spans received
	 * @param requests requests served
	 * @param calibrated spans per request measured one request at a time
	 * @param inFlightBound requests that may be in flight at each edge of the window
	 * @param traceRateLimit the variant's most traces sampled per second, or 0 when every trace is
	 * @param loadSeconds how long the load ran
	 * @return the verdict
	 */
	static SpanCheck of(long spans, long requests, double calibrated, int inFlightBound, double traceRateLimit,
			double loadSeconds) {
		// A request makes a whole number of spans; a calibration a little above it saw occasional spans that belong
		// to no request (the agent's for opening a pooled connection), allowed for but not expected.
		double perRequest = Math.floor(calibrated + 0.05);
		long occasional = (long) Math.ceil((calibrated - perRequest) * requests);
		long tolerance = Math.round(Math.max(1, perRequest) * inFlightBound);
		long traced = requests;
		long slack = 0;
		if (traceRateLimit > 0) {
			// A rate limiter samples about limit x seconds of the requests, plus a burst of one second's worth
			// when it starts full; the load's first and last moments make up another second either way.
			traced = Math.min(requests, Math.round(traceRateLimit * loadSeconds));
			slack = Math.round(traceRateLimit * 2 * Math.max(1, perRequest));
		}
		long expected = Math.round(perRequest * traced);
		String verdict = (spans < expected - tolerance - slack) ? "DROPS"
				: (spans > expected + tolerance + slack + occasional) ? "EXTRA" : "ok";
		return new SpanCheck(expected, verdict);
	}

}
