package dev.tracewire.bench.continuity.app;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The boundaries of the continuity matrix. Each is crossed by one request to {@code GET /b/<id>} (a few share the
 * request of another), and on the far side the application either starts a span named {@code work <id>} through
 * the OpenTelemetry API, whose parent is whatever is current there, or calls {@code GET /leaf/<id>}, whose server
 * span is then the far side. The runner judges the exported spans against {@link #expectation()}.
 */
public enum Boundary {

	// A control: no boundary at all, the handler method's own thread.
	HANDLER_BODY(Group.CONTROL, "handler method body (no boundary)", Expectation.SERVER_SPAN, 1),

	PUBLISH_ON(Group.REACTOR, "`publishOn(parallel)`", Expectation.SERVER_SPAN, 1),

	SUBSCRIBE_ON(Group.REACTOR, "`subscribeOn(parallel)`", Expectation.SERVER_SPAN, 1),

	FLAT_MAP_INNER_PUBLISH_ON(Group.REACTOR, "`flatMap` with an inner `publishOn`, concurrency 2",
			Expectation.SERVER_SPAN, 3),

	CONCAT_MAP_DELAY(Group.REACTOR, "`concatMap` over `Mono.delay`", Expectation.SERVER_SPAN, 2),

	MONO_DELAY(Group.REACTOR, "`Mono.delay`", Expectation.SERVER_SPAN, 1),

	DELAY_ELEMENTS(Group.REACTOR, "`delayElements`", Expectation.SERVER_SPAN, 2),

	FLUX_INTERVAL(Group.REACTOR, "`Flux.interval`", Expectation.SERVER_SPAN, 2),

	PARALLEL_RUN_ON(Group.REACTOR, "`parallel().runOn(parallel)`", Expectation.SERVER_SPAN, 2),

	TIMEOUT_FALLBACK(Group.REACTOR, "`timeout` with a fallback", Expectation.SERVER_SPAN, 1),

	RETRY_WHEN(Group.REACTOR, "`retryWhen(fixedDelay)`", Expectation.SERVER_SPAN, 1),

	ON_ERROR_RESUME(Group.REACTOR, "`onErrorResume` after a delay", Expectation.SERVER_SPAN, 1),

	DEFER_SWITCH_IF_EMPTY(Group.REACTOR, "`Mono.defer` + `switchIfEmpty`", Expectation.SERVER_SPAN, 1),

	SINKS_FOREIGN_THREAD(Group.REACTOR, "`Sinks.many()` emitting from another thread", Expectation.SERVER_SPAN, 1),

	MONO_FROM_FUTURE(Group.REACTOR, "`Mono.fromFuture` completed on another pool", Expectation.SERVER_SPAN, 1),

	BLOCK_IN_BOUNDED_ELASTIC(Group.BLOCKING, "`block()` of an inner chain inside `boundedElastic`",
			Expectation.SERVER_SPAN, 1),

	FROM_CALLABLE_REST_TEMPLATE(Group.BLOCKING, "`RestTemplate` call in `Mono.fromCallable` on `boundedElastic`",
			Expectation.LEAF_SERVER_SPAN, 1),

	WEB_CLIENT_AFTER_HOP(Group.BLOCKING, "`WebClient` call after `publishOn(boundedElastic)`",
			Expectation.LEAF_SERVER_SPAN, 1),

	ZIP_WEB_CLIENT(Group.BLOCKING, "`zip` of two `WebClient` calls", Expectation.LEAF_SERVER_SPAN, 2),

	COMPLETABLE_FUTURE_COMMON_POOL(Group.EXECUTORS, "`CompletableFuture.supplyAsync` (common pool)",
			Expectation.SERVER_SPAN, 1),

	COMPLETABLE_FUTURE_EXECUTOR_BEAN(Group.EXECUTORS, "`CompletableFuture.supplyAsync` on an `ExecutorService` bean",
			Expectation.SERVER_SPAN, 1),

	EXECUTOR_SERVICE_BEAN(Group.EXECUTORS, "`Executors.newFixedThreadPool` bean, `execute`", Expectation.SERVER_SPAN,
			1),

	THREAD_POOL_TASK_EXECUTOR_BEAN(Group.EXECUTORS, "`ThreadPoolTaskExecutor` bean, `execute`",
			Expectation.SERVER_SPAN, 1),

	TASK_SCHEDULER_SCHEDULE(Group.EXECUTORS, "Boot's `TaskScheduler`, `schedule` in 5 ms", Expectation.SERVER_SPAN,
			1),

	ASYNC_VOID(Group.EXECUTORS, "`@Async` void method", Expectation.SERVER_SPAN, 1),

	ASYNC_COMPLETABLE_FUTURE(Group.EXECUTORS, "`@Async` method returning `CompletableFuture`",
			Expectation.SERVER_SPAN, 1),

	EXECUTOR_NOT_A_BEAN(Group.EXECUTORS, "`Executors.newFixedThreadPool`, not a bean", Expectation.SERVER_SPAN, 1),

	SCHEDULED_EXECUTOR_NOT_A_BEAN(Group.EXECUTORS, "`ScheduledExecutorService.schedule`, not a bean",
			Expectation.SERVER_SPAN, 1),

	JAVA_UTIL_TIMER(Group.EXECUTORS, "`java.util.Timer`", Expectation.SERVER_SPAN, 1),

	NEW_THREAD(Group.EXECUTORS, "`new Thread(...).start()`", Expectation.SERVER_SPAN, 1),

	SCHEDULED(Group.SCHEDULING, "`@Scheduled` run (its own trace)", Expectation.SCHEDULED_RUN, 1),

	SCHEDULED_HAND_OFF(Group.SCHEDULING, "`@Scheduled` run handing off to a `ThreadPoolTaskExecutor` bean",
			Expectation.SCHEDULED_RUN, 1),

	KAFKA_RECORD(Group.KAFKA, "record listener (sent from the handler)", Expectation.CONSUMER_SPAN, 1),

	KAFKA_SEND_AFTER_HOP(Group.KAFKA, "record listener (sent after `publishOn(boundedElastic)`)",
			Expectation.CONSUMER_SPAN, 1),

	KAFKA_LISTENER_HAND_OFF(Group.KAFKA, "record listener handing off to a `ThreadPoolTaskExecutor` bean",
			Expectation.CONSUMER_SPAN, 1),

	KAFKA_BATCH(Group.KAFKA, "batch listener, work in its body", Expectation.BATCH_SPAN, 1),

	KAFKA_BATCH_PER_RECORD(Group.KAFKA, "batch listener, per-record helper of the setup",
			Expectation.CONSUMER_SPAN, 1),

	KAFKA_RETRY_TOPIC(Group.KAFKA, "`@RetryableTopic` attempts 2 and 3 (retry topic)", Expectation.CONSUMER_SPAN,
			2),

	KAFKA_DLT(Group.KAFKA, "`@DltHandler` (dead-letter topic)", Expectation.CONSUMER_SPAN, 1, KAFKA_RETRY_TOPIC);

	private final Group group;

	private final String title;

	private final Expectation expectation;

	private final int farSides;

	private final @Nullable Boundary trigger;

	Boundary(Group group, String title, Expectation expectation, int farSides) {
		this(group, title, expectation, farSides, null);
	}

	Boundary(Group group, String title, Expectation expectation, int farSides, @Nullable Boundary trigger) {
		this.group = group;
		this.title = title;
		this.expectation = expectation;
		this.farSides = farSides;
		this.trigger = trigger;
	}

	/**
	 * Returns the boundary's id, as used in paths and span names.
	 * @return the id
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Returns the path whose request crosses the boundary.
	 * @return the request path
	 */
	public String path() {
		return "/b/" + trigger().id();
	}

	/**
	 * Returns the path of the downstream call, for {@link Expectation#LEAF_SERVER_SPAN}.
	 * @return the leaf path
	 */
	public String leafPath() {
		return "/leaf/" + id();
	}

	/**
	 * Returns the name of the span the work on the far side starts.
	 * @return the span name
	 */
	public String workSpanName() {
		return Work.SPAN_NAME_PREFIX + id();
	}

	/**
	 * Returns the boundary whose request also crosses this one (itself for most).
	 * @return the boundary to request
	 */
	public Boundary trigger() {
		return (this.trigger != null) ? this.trigger : this;
	}

	public Group group() {
		return this.group;
	}

	public String title() {
		return this.title;
	}

	public Expectation expectation() {
		return this.expectation;
	}

	/**
	 * Returns how many times the far side runs per request (work spans or leaf server spans).
	 * @return the number of far sides
	 */
	public int farSides() {
		return this.farSides;
	}

	/**
	 * Groups of boundaries, in the order of the report.
	 */
	public enum Group {

		CONTROL("Control"), REACTOR("Reactor operators and schedulers"),
		BLOCKING("Blocking bridges and HTTP clients"), EXECUTORS("Executors, `@Async`, threads and timers"),
		SCHEDULING("`@Scheduled`"), KAFKA("Kafka (spring-kafka)");

		private final String title;

		Group(String title) {
			this.title = title;
		}

		public String title() {
			return this.title;
		}

	}

	/**
	 * What the far side of a boundary must look like to count as kept.
	 */
	public enum Expectation {

		/**
		 * The work span is in the request's trace and a child of the request's server span.
		 */
		SERVER_SPAN,

		/**
		 * The downstream server span is in the request's trace, child of a client span that is a child of the
		 * request's server span.
		 */
		LEAF_SERVER_SPAN,

		/**
		 * The work span is in the request's trace and a child of a consumer span (the listener's).
		 */
		CONSUMER_SPAN,

		/**
		 * The work span is a child of the batch's consumer span, which is in the request's trace or links to it.
		 */
		BATCH_SPAN,

		/**
		 * The scheduled run has a span of its own (a root: a run has no caller) and the work is its child.
		 */
		SCHEDULED_RUN

	}

}
