package dev.tracewire.bench.continuity.app;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One endpoint per boundary ({@code GET /b/<id>}): each crosses its boundary and runs {@link Work} on the far side,
 * answering once the work is done (or, for fire-and-forget boundaries, once it is handed on). Plus what the runner
 * polls: {@code /ready}, {@code /status} (far sides done) and {@code /setup}.
 */
@RestController
public class BoundaryController {

	private static final String OK = "ok";

	private final Work work;

	private final ExecutorService fixedThreadPool;

	private final ThreadPoolTaskExecutor workerPool;

	private final TaskScheduler taskScheduler;

	private final AsyncWorker asyncWorker;

	private final ScheduledWork scheduledWork;

	private final RestTemplate restTemplate;

	private final WebClient.Builder webClientBuilder;

	private final KafkaTemplate<String, String> kafkaTemplate;

	private final Environment environment;

	private final String topicPrefix;

	// Not beans: no setup that wraps executor beans may help these.
	private final ExecutorService foreignThreads = Executors.newFixedThreadPool(2);

	private final ScheduledExecutorService foreignScheduler = Executors.newSingleThreadScheduledExecutor();

	private final Timer timer = new Timer("continuity-timer", true);

	private volatile WebClient webClient;

	BoundaryController(Work work, ExecutorService fixedThreadPool, ThreadPoolTaskExecutor workerPool,
			TaskScheduler taskScheduler, AsyncWorker asyncWorker, ScheduledWork scheduledWork,
			RestTemplate restTemplate, WebClient.Builder webClientBuilder, KafkaTemplate<String, String> kafkaTemplate,
			Environment environment) {
		this.work = work;
		this.fixedThreadPool = fixedThreadPool;
		this.workerPool = workerPool;
		this.taskScheduler = taskScheduler;
		this.asyncWorker = asyncWorker;
		this.scheduledWork = scheduledWork;
		this.restTemplate = restTemplate;
		this.webClientBuilder = webClientBuilder;
		this.kafkaTemplate = kafkaTemplate;
		this.environment = environment;
		this.topicPrefix = environment.getRequiredProperty("continuity.topic-prefix");
	}

	@PreDestroy
	void shutdown() {
		this.foreignThreads.shutdownNow();
		this.foreignScheduler.shutdownNow();
		this.timer.cancel();
	}

	@GetMapping("/ready")
	String ready() {
		return OK;
	}

	@GetMapping("/status")
	Map<String, Integer> status() {
		return this.work.done();
	}

	@GetMapping("/setup")
	Map<String, String> setup() {
		Map<String, String> setup = new LinkedHashMap<>();
		String helper = BatchHelper.name();
		setup.put("batchHelper", (helper != null) ? helper : "");
		setup.put("asyncExecutor", String.valueOf(this.environment.getProperty("spring.task.execution.mode")));
		return setup;
	}

	@GetMapping("/b/handler_body")
	Mono<String> handlerBody() {
		this.work.run(Boundary.HANDLER_BODY, Work.origin());
		return Mono.just(OK);
	}

	// Reactor operators and schedulers

	@GetMapping("/b/publish_on")
	Mono<String> publishOn() {
		String origin = Work.origin();
		return Mono.just(1).publishOn(Schedulers.parallel()).map((i) -> this.work.run(Boundary.PUBLISH_ON, origin));
	}

	@GetMapping("/b/subscribe_on")
	Mono<String> subscribeOn() {
		String origin = Work.origin();
		return Mono.fromSupplier(() -> this.work.run(Boundary.SUBSCRIBE_ON, origin)).subscribeOn(Schedulers.parallel());
	}

	@GetMapping("/b/flat_map_inner_publish_on")
	Mono<String> flatMapInnerPublishOn() {
		String origin = Work.origin();
		return Flux.range(0, 3)
			.flatMap((i) -> Mono.just(i)
				.publishOn(Schedulers.parallel())
				.map((j) -> this.work.run(Boundary.FLAT_MAP_INNER_PUBLISH_ON, origin)), 2)
			.then(Mono.just(OK));
	}

	@GetMapping("/b/concat_map_delay")
	Mono<String> concatMapDelay() {
		String origin = Work.origin();
		return Flux.range(0, 2)
			.concatMap((i) -> Mono.delay(Duration.ofMillis(2)).map((tick) -> this.work.run(Boundary.CONCAT_MAP_DELAY, origin)))
			.then(Mono.just(OK));
	}

	@GetMapping("/b/mono_delay")
	Mono<String> monoDelay() {
		String origin = Work.origin();
		return Mono.delay(Duration.ofMillis(5)).map((tick) -> this.work.run(Boundary.MONO_DELAY, origin));
	}

	@GetMapping("/b/delay_elements")
	Mono<String> delayElements() {
		String origin = Work.origin();
		return Flux.range(0, 2)
			.delayElements(Duration.ofMillis(2))
			.map((i) -> this.work.run(Boundary.DELAY_ELEMENTS, origin))
			.then(Mono.just(OK));
	}

	@GetMapping("/b/flux_interval")
	Mono<String> fluxInterval() {
		String origin = Work.origin();
		return Flux.interval(Duration.ofMillis(2))
			.take(2)
			.map((tick) -> this.work.run(Boundary.FLUX_INTERVAL, origin))
			.then(Mono.just(OK));
	}

	@GetMapping("/b/parallel_run_on")
	Mono<String> parallelRunOn() {
		String origin = Work.origin();
		return Flux.range(0, 2)
			.parallel(2)
			.runOn(Schedulers.parallel())
			.map((i) -> this.work.run(Boundary.PARALLEL_RUN_ON, origin))
			.sequential()
			.then(Mono.just(OK));
	}

	@GetMapping("/b/timeout_fallback")
	Mono<String> timeoutFallback() {
		String origin = Work.origin();
		return Mono.delay(Duration.ofSeconds(5))
			.map((tick) -> OK)
			.timeout(Duration.ofMillis(10), Mono.fromSupplier(() -> this.work.run(Boundary.TIMEOUT_FALLBACK, origin)));
	}

	@GetMapping("/b/retry_when")
	Mono<String> retryWhen() {
		String origin = Work.origin();
		AtomicInteger attempts = new AtomicInteger();
		return Mono.defer(() -> (attempts.incrementAndGet() < 3) ? Mono.<String>error(new IllegalStateException())
				: Mono.fromSupplier(() -> this.work.run(Boundary.RETRY_WHEN, origin)))
			.retryWhen(Retry.fixedDelay(3, Duration.ofMillis(2)));
	}

	@GetMapping("/b/on_error_resume")
	Mono<String> onErrorResume() {
		String origin = Work.origin();
		return Mono.delay(Duration.ofMillis(2))
			.then(Mono.<String>error(new IllegalStateException("expected")))
			.onErrorResume((ex) -> Mono.fromSupplier(() -> this.work.run(Boundary.ON_ERROR_RESUME, origin)));
	}

	@GetMapping("/b/defer_switch_if_empty")
	Mono<String> deferSwitchIfEmpty() {
		String origin = Work.origin();
		return Mono.defer(() -> Mono.delay(Duration.ofMillis(2)).then(Mono.<String>empty()))
			.switchIfEmpty(Mono.defer(() -> Mono.fromSupplier(() -> this.work.run(Boundary.DEFER_SWITCH_IF_EMPTY, origin))));
	}

	@GetMapping("/b/sinks_foreign_thread")
	Mono<String> sinksForeignThread() {
		String origin = Work.origin();
		Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();
		this.foreignThreads.execute(() -> {
			sleep(5);
			sink.tryEmitNext(1);
			sink.tryEmitComplete();
		});
		return sink.asFlux().map((i) -> this.work.run(Boundary.SINKS_FOREIGN_THREAD, origin)).then(Mono.just(OK));
	}

	@GetMapping("/b/mono_from_future")
	Mono<String> monoFromFuture() {
		String origin = Work.origin();
		Executor later = CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS, this.foreignThreads);
		return Mono.fromFuture(() -> CompletableFuture.supplyAsync(() -> OK, later))
			.map((value) -> this.work.run(Boundary.MONO_FROM_FUTURE, origin));
	}

	// Blocking bridges and HTTP clients

	@GetMapping("/b/block_in_bounded_elastic")
	Mono<String> blockInBoundedElastic() {
		String origin = Work.origin();
		return Mono
			.fromCallable(() -> Mono.delay(Duration.ofMillis(2))
				.map((tick) -> this.work.run(Boundary.BLOCK_IN_BOUNDED_ELASTIC, origin))
				.block(Duration.ofSeconds(5)))
			.subscribeOn(Schedulers.boundedElastic());
	}

	@GetMapping("/b/from_callable_rest_template")
	Mono<String> fromCallableRestTemplate() {
		String url = baseUrl() + Boundary.FROM_CALLABLE_REST_TEMPLATE.leafPath();
		return Mono.fromCallable(() -> this.restTemplate.getForObject(url, String.class))
			.subscribeOn(Schedulers.boundedElastic());
	}

	@GetMapping("/b/web_client_after_hop")
	Mono<String> webClientAfterHop() {
		return Mono.just(1)
			.publishOn(Schedulers.boundedElastic())
			.flatMap((i) -> webClient().get()
				.uri(Boundary.WEB_CLIENT_AFTER_HOP.leafPath())
				.retrieve()
				.bodyToMono(String.class));
	}

	@GetMapping("/b/zip_web_client")
	Mono<String> zipWebClient() {
		WebClient client = webClient();
		String path = Boundary.ZIP_WEB_CLIENT.leafPath();
		return Mono
			.zip(client.get().uri(path).retrieve().bodyToMono(String.class),
					client.get().uri(path).retrieve().bodyToMono(String.class))
			.map((both) -> OK);
	}

	// Executors, @Async, threads and timers

	@GetMapping("/b/completable_future_common_pool")
	Mono<String> completableFutureCommonPool() {
		String origin = Work.origin();
		return Mono.fromFuture(
				CompletableFuture.supplyAsync(() -> this.work.run(Boundary.COMPLETABLE_FUTURE_COMMON_POOL, origin)));
	}

	@GetMapping("/b/completable_future_executor_bean")
	Mono<String> completableFutureExecutorBean() {
		String origin = Work.origin();
		return Mono.fromFuture(CompletableFuture.supplyAsync(
				() -> this.work.run(Boundary.COMPLETABLE_FUTURE_EXECUTOR_BEAN, origin), this.fixedThreadPool));
	}

	@GetMapping("/b/executor_service_bean")
	Mono<String> executorServiceBean() {
		return handOff(this.fixedThreadPool, Boundary.EXECUTOR_SERVICE_BEAN);
	}

	@GetMapping("/b/thread_pool_task_executor_bean")
	Mono<String> threadPoolTaskExecutorBean() {
		return handOff(this.workerPool, Boundary.THREAD_POOL_TASK_EXECUTOR_BEAN);
	}

	@GetMapping("/b/task_scheduler_schedule")
	Mono<String> taskSchedulerSchedule() {
		return handOff((task) -> this.taskScheduler.schedule(task, Instant.now().plusMillis(5)),
				Boundary.TASK_SCHEDULER_SCHEDULE);
	}

	@GetMapping("/b/async_void")
	Mono<String> asyncVoid() {
		this.asyncWorker.runLater(Work.origin());
		return Mono.just(OK);
	}

	@GetMapping("/b/async_completable_future")
	Mono<String> asyncCompletableFuture() {
		return Mono.fromFuture(this.asyncWorker.callLater(Work.origin()));
	}

	@GetMapping("/b/executor_not_a_bean")
	Mono<String> executorNotABean() {
		return handOff(this.foreignThreads, Boundary.EXECUTOR_NOT_A_BEAN);
	}

	@GetMapping("/b/scheduled_executor_not_a_bean")
	Mono<String> scheduledExecutorNotABean() {
		return handOff((task) -> this.foreignScheduler.schedule(task, 5, TimeUnit.MILLISECONDS),
				Boundary.SCHEDULED_EXECUTOR_NOT_A_BEAN);
	}

	@GetMapping("/b/java_util_timer")
	Mono<String> javaUtilTimer() {
		return handOff((task) -> this.timer.schedule(new TimerTask() {

			@Override
			public void run() {
				task.run();
			}

		}, 5), Boundary.JAVA_UTIL_TIMER);
	}

	@GetMapping("/b/new_thread")
	Mono<String> newThread() {
		return handOff((task) -> new Thread(task, "continuity-new-thread").start(), Boundary.NEW_THREAD);
	}

	// @Scheduled

	@GetMapping("/b/scheduled")
	Mono<String> scheduled() {
		this.scheduledWork.arm();
		return Mono.just(OK);
	}

	// Kafka

	@GetMapping("/b/kafka_record")
	Mono<String> kafkaRecord() {
		return Mono.fromFuture(this.kafkaTemplate.send(topic(KafkaListeners.RECORDS), Boundary.KAFKA_RECORD.name()))
			.map((result) -> OK);
	}

	@GetMapping("/b/kafka_send_after_hop")
	Mono<String> kafkaSendAfterHop() {
		return Mono.just(Boundary.KAFKA_SEND_AFTER_HOP.name())
			.publishOn(Schedulers.boundedElastic())
			.flatMap((value) -> Mono.fromFuture(this.kafkaTemplate.send(topic(KafkaListeners.RECORDS), value)))
			.map((result) -> OK);
	}

	@GetMapping("/b/kafka_listener_hand_off")
	Mono<String> kafkaListenerHandOff() {
		return Mono
			.fromFuture(this.kafkaTemplate.send(topic(KafkaListeners.RECORDS), Boundary.KAFKA_LISTENER_HAND_OFF.name()))
			.map((result) -> OK);
	}

	@GetMapping("/b/kafka_batch")
	Mono<String> kafkaBatch() {
		return Mono.fromFuture(this.kafkaTemplate.send(topic(KafkaListeners.BATCH), Boundary.KAFKA_BATCH.name()))
			.map((result) -> OK);
	}

	@GetMapping("/b/kafka_batch_per_record")
	Mono<String> kafkaBatchPerRecord() {
		return Mono
			.fromFuture(this.kafkaTemplate.send(topic(KafkaListeners.BATCH_PER_RECORD),
					Boundary.KAFKA_BATCH_PER_RECORD.name()))
			.map((result) -> OK);
	}

	@GetMapping("/b/kafka_retry_topic")
	Mono<String> kafkaRetryTopic() {
		return Mono
			.fromFuture(this.kafkaTemplate.send(topic(KafkaListeners.PAYMENTS), Boundary.KAFKA_RETRY_TOPIC.name()))
			.map((result) -> OK);
	}

	private Mono<String> handOff(Executor executor, Boundary boundary) {
		String origin = Work.origin();
		CompletableFuture<String> done = new CompletableFuture<>();
		executor.execute(() -> done.complete(this.work.run(boundary, origin)));
		return Mono.fromFuture(done);
	}

	private String topic(String name) {
		return this.topicPrefix + name;
	}

	private WebClient webClient() {
		WebClient client = this.webClient;
		if (client == null) {
			client = this.webClientBuilder.baseUrl(baseUrl()).build();
			this.webClient = client;
		}
		return client;
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.environment.getRequiredProperty("local.server.port");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
