package dev.tracewire.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Async} methods on Boot's task executor continue the caller's trace with Tracewire's default of
 * {@code spring.task.execution.propagate-context=true}; {@code @Scheduled} executions are traced and their
 * hand-offs keep the trace.
 */
@SpringBootTest
@TracewireTest
class AsyncAndScheduledTracingTests {

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	Tracer tracer;

	@Autowired
	TestSpans spans;

	@Autowired
	AsyncWorker worker;

	@Autowired
	ScheduledWorker scheduledWorker;

	@Test
	void asyncMethodContinuesTheCallersObservation() throws Exception {
		Observation.createNotStarted("caller", this.observationRegistry)
			.observeChecked(() -> this.worker.work().get(5, TimeUnit.SECONDS));
		assertThat(this.spans.awaitCount(2)).hasExactlyOneTrace().hasParentChild("caller", "async-work");
	}

	@Test
	void asyncMethodContinuesAHandStartedSpan() throws Exception {
		Span manual = this.tracer.nextSpan().name("manual").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(manual)) {
			this.worker.work().get(5, TimeUnit.SECONDS);
		}
		finally {
			manual.end();
		}
		assertThat(this.spans.awaitCount(2)).hasExactlyOneTrace().hasParentChild("manual", "async-work");
	}

	@Test
	void scheduledExecutionIsTracedAndItsAsyncHandOffKeepsTheTrace() throws Exception {
		assertThat(this.scheduledWorker.ran.await(10, TimeUnit.SECONDS)).isTrue();
		SpanData handOff = this.spans.awaitSpan("async-work");
		SpanData scheduled = this.spans.finished()
			.stream()
			.filter((span) -> span.getSpanId().equals(handOff.getParentSpanId()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no parent for the hand-off in " + this.spans.finished()));
		assertThat(scheduled).hasName("task scheduledWorker.tick").isRoot();
		assertThat(handOff).isChildOf(scheduled);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	static class AsyncApplication {

		@Bean
		AsyncWorker asyncWorker(ObservationRegistry observationRegistry) {
			return new AsyncWorker(observationRegistry);
		}

		@Bean
		ScheduledWorker scheduledWorker(AsyncWorker asyncWorker) {
			return new ScheduledWorker(asyncWorker);
		}

	}

	static class AsyncWorker {

		private final ObservationRegistry observationRegistry;

		AsyncWorker(ObservationRegistry observationRegistry) {
			this.observationRegistry = observationRegistry;
		}

		@Async
		public CompletableFuture<String> work() {
			Observation.createNotStarted("async-work", this.observationRegistry).observe(() -> {
			});
			return CompletableFuture.completedFuture("done");
		}

	}

	static class ScheduledWorker {

		final CountDownLatch ran = new CountDownLatch(1);

		private final AsyncWorker asyncWorker;

		ScheduledWorker(AsyncWorker asyncWorker) {
			this.asyncWorker = asyncWorker;
		}

		@Scheduled(initialDelay = 200, fixedDelay = 60_000)
		void tick() throws Exception {
			this.asyncWorker.work().get(5, TimeUnit.SECONDS);
			this.ran.countDown();
		}

	}

}
