package dev.tracewire.testapp;

/**
 * The asynchronous boundaries of the conformance matrix: each has an endpoint in {@link MatrixController} that
 * does its work after crossing the boundary.
 */
public enum Boundary {

	PUBLISH_ON("publishOn", 1, 0),

	SUBSCRIBE_ON("subscribeOn", 1, 0),

	FLAT_MAP_WITH_CONCURRENCY("flatMap with concurrency", 8, 0),

	CONCAT_MAP("concatMap", 3, 0),

	MONO_DELAY("Mono.delay", 1, 0),

	FLUX_INTERVAL("Flux.interval", 3, 0),

	PARALLEL_RUN_ON("parallel().runOn", 4, 0),

	TIMEOUT("timeout", 1, 0),

	RETRY_WHEN("retryWhen", 1, 0),

	ON_ERROR_RESUME("onErrorResume", 1, 0),

	MONO_FROM_FUTURE("Mono.fromFuture", 1, 0),

	FROM_CALLABLE_ON_BOUNDED_ELASTIC("Mono.fromCallable on boundedElastic", 1, 0),

	SINKS_EMISSION_FROM_OTHER_THREAD("Sinks.many() emission from another thread", 1, 0),

	ZIP_OF_TWO_WEB_CLIENT_CALLS("zip of two WebClient calls", 1, 2),

	DEFER_AND_SWITCH_IF_EMPTY("Mono.defer + switchIfEmpty", 1, 0),

	REST_TEMPLATE_IN_FROM_CALLABLE("RestTemplate call inside Mono.fromCallable", 1, 1);

	private final String title;

	private final int works;

	private final int outboundCalls;

	Boundary(String title, int works, int outboundCalls) {
		this.title = title;
		this.works = works;
		this.outboundCalls = outboundCalls;
	}

	/**
	 * Returns the path of the boundary's endpoint.
	 * @return the path
	 */
	public String path() {
		return "/matrix/" + name().toLowerCase();
	}

	/**
	 * Returns the name of the server span of the boundary's endpoint.
	 * @return the span name
	 */
	public String serverSpanName() {
		return "http get " + path();
	}

	/**
	 * Returns the boundary as the issue and the README name it.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

	/**
	 * Returns how many pieces of work the endpoint runs.
	 * @return the number of works
	 */
	public int works() {
		return this.works;
	}

	/**
	 * Returns how many calls the endpoint makes to the leaf service.
	 * @return the number of outbound calls
	 */
	public int outboundCalls() {
		return this.outboundCalls;
	}

	@Override
	public String toString() {
		return this.title;
	}

}
