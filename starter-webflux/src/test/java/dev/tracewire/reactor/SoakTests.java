package dev.tracewire.reactor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tracewire.testapp.SpanLifecycleCounter;
import dev.tracewire.testapp.TestApplication;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded soak on loopback: many requests at concurrency 64 through a route that hops to the parallel
 * scheduler, runs a blocking step on boundedElastic, calls another service and hops again, with one request in
 * eight cancelled by its client mid-flight.
 * <p>
 * Every span started ends (exactly once); in every answer the handler's current span, the log MDC and the
 * outbound {@code traceparent} carry the caller's trace id; and no thread is left with trace context once idle.
 * Runs 1,000 requests by default; {@code -Dtracewire.soak=true} runs 10,000, and
 * {@code -Dtracewire.soak.requests=<n>} any number.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.ANNOTATIONS, TestApplication.EXCLUDED_WEB_CLIENT })
@TracewireTest
class SoakTests {

	private static final int CONCURRENCY = 64;

	private static final int CANCEL_EVERY = 8;

	@LocalServerPort
	int port;

	@Autowired
	SpanLifecycleCounter lifecycle;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	ReactorResourceFactory resourceFactory;

	@Test
	void everySpanEndsAndEveryAnswerCarriesTheCallersTrace() {
		int requests = requests();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.lifecycle.openSpans().isEmpty());
		long startedBefore = this.lifecycle.started();
		long endedBefore = this.lifecycle.ended();
		ConnectionProvider connections = ConnectionProvider.builder("soak")
			.maxConnections(CONCURRENCY * 2)
			.pendingAcquireMaxCount(-1)
			.build();
		WebClient client = WebClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
			.build();
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger cancelled = new AtomicInteger();
		Queue<String> disagreements = new ConcurrentLinkedQueue<>();
		try {
			Flux.range(0, requests).flatMap((i) -> {
				String traceId = randomHex(32);
				String traceparent = "00-" + traceId + "-" + randomHex(16) + "-01";
				boolean cancel = i % CANCEL_EVERY == 0;
				Mono<String> answer = client.get()
					.uri("/soak?leafDelayMillis={delay}", cancel ? 200 : 0)
					.header("traceparent", traceparent)
					.retrieve()
					.bodyToMono(String.class);
				if (cancel) {
					return answer.timeout(Duration.ofMillis(20)).onErrorResume((ex) -> {
						cancelled.incrementAndGet();
						return Mono.empty();
					});
				}
				return answer.doOnNext((body) -> {
					answered.incrementAndGet();
					String problem = disagreement(traceId, body);
					if (problem != null) {
						disagreements.add(problem);
					}
				});
			}, CONCURRENCY).blockLast(Duration.ofMinutes(2));
		}
		finally {
			connections.dispose();
		}
		assertThat(answered.get() + cancelled.get()).isEqualTo(requests);
		assertThat(cancelled.get()).isGreaterThanOrEqualTo(requests / 10);
		assertThat(disagreements).as("answers whose trace ids disagree with the caller's").isEmpty();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.lifecycle.openSpans()).as("spans still open").isEmpty());
		long started = this.lifecycle.started() - startedBefore;
		assertThat(this.lifecycle.ended() - endedBefore).as("spans ended").isEqualTo(started);
		// Per request: the server span, the call to the leaf service, the leaf's server span.
		assertThat(started).isGreaterThanOrEqualTo(2L * answered.get());
		assertThat(this.lifecycle.unmatchedEnds()).isZero();
		assertNoContextLeftOnIdleThreads();
	}

	/**
	 * Returns what is wrong with an answer, or {@code null}.
	 */
	private static String disagreement(String traceId, String body) {
		String[] seen = body.split(" ");
		if (seen.length != 5) {
			return "unexpected answer " + body;
		}
		String[] outbound = seen[2].split("-");
		boolean agree = seen[0].equals(traceId) && seen[1].equals(traceId) && outbound.length == 4
				&& outbound[1].equals(traceId) && seen[3].equals(traceId) && seen[4].equals(traceId);
		return agree ? null : "expected trace " + traceId + " but the route saw " + body;
	}

	private void assertNoContextLeftOnIdleThreads() {
		List<String> leftovers = new ArrayList<>();
		EventLoopGroup loops = this.resourceFactory.getLoopResources().onServer(true);
		for (EventExecutor loop : loops) {
			leftovers.addAll(resultOf(loop.submit(this::contextOnThisThread)));
		}
		// Reactor's automatic propagation would reset thread locals before our check: look without it.
		Schedulers.resetOnScheduleHooks();
		try {
			leftovers.addAll(contextOnWorkersOf(Schedulers.parallel(), Schedulers.DEFAULT_POOL_SIZE));
			leftovers.addAll(contextOnWorkersOf(Schedulers.boundedElastic(), Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE));
		}
		finally {
			Hooks.enableAutomaticContextPropagation();
		}
		assertThat(leftovers).as("trace context left on idle threads").isEmpty();
	}

	private List<String> contextOnWorkersOf(Scheduler scheduler, int workers) {
		List<String> leftovers = new ArrayList<>();
		List<Scheduler.Worker> created = new ArrayList<>();
		for (int i = 0; i < workers; i++) {
			Scheduler.Worker worker = scheduler.createWorker();
			created.add(worker);
			leftovers.addAll(Mono.fromCallable(this::contextOnThisThread)
				.subscribeOn(Schedulers.fromExecutor(worker::schedule))
				.block(Duration.ofSeconds(5)));
		}
		created.forEach(Scheduler.Worker::dispose);
		return leftovers;
	}

	private List<String> contextOnThisThread() {
		List<String> leftovers = new ArrayList<>();
		String thread = Thread.currentThread().getName();
		if (Context.current() != Context.root()) {
			leftovers.add(thread + ": OpenTelemetry context " + Context.current());
		}
		if (this.observationRegistry.getCurrentObservation() != null) {
			leftovers.add(thread + ": observation " + this.observationRegistry.getCurrentObservation());
		}
		if (MDC.get("traceId") != null) {
			leftovers.add(thread + ": MDC traceId " + MDC.get("traceId"));
		}
		return leftovers;
	}

	private static <T> T resultOf(io.netty.util.concurrent.Future<T> future) {
		try {
			return future.get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int requests() {
		String requests = System.getProperty("tracewire.soak.requests");
		if (requests != null) {
			return Integer.parseInt(requests);
		}
		return Boolean.getBoolean("tracewire.soak") ? 10_000 : 1_000;
	}

	private static String randomHex(int length) {
		StringBuilder hex = new StringBuilder(length);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < length; i++) {
			hex.append(Character.forDigit(random.nextInt(16), 16));
		}
		return hex.toString();
	}

}
