package dev.tracewire.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Async} methods on Boot's task executor continue the caller's trace with Tracewire's default of
 * {@code spring.task.execution.propagate-context=true}, each invocation in a span of its own named after the
 * method, which records failures of fire-and-forget methods.
 */
@SpringBootTest
@TracewireTest
class AsyncTracingTests {

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	Tracer tracer;

	@Autowired
	TestSpans spans;

	@Autowired
	AsyncWorker worker;

	@Test
	void asyncMethodContinuesTheCallersObservation() throws Exception {
		Observation.createNotStarted("caller", this.observationRegistry)
			.observeChecked(() -> this.worker.work().get(5, TimeUnit.SECONDS));
		assertThat(this.spans.awaitCount(3)).hasExactlyOneTrace()
			.hasParentChild("caller", "work")
			.hasParentChild("work", "async-work");
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
		assertThat(this.spans.awaitCount(3)).hasExactlyOneTrace()
			.hasParentChild("manual", "work")
			.hasParentChild("work", "async-work");
	}

	@Test
	void failingFireAndForgetMethodLeavesAnErrorSpanRunOnTheExecutorThread() {
		Observation.createNotStarted("caller", this.observationRegistry)
			.observe(() -> this.worker.sendConfirmationEmail("x@bounce.example"));
		SpanData async = this.spans.awaitSpan("send-confirmation-email");
		assertThat(this.spans.finished()).hasExactlyOneTrace().hasParentChild("caller", "send-confirmation-email");
		assertThat(async).hasKind(SpanKind.INTERNAL)
			.hasErrorStatus()
			.hasEventNamed("exception")
			.hasAttribute("code.function", "sendConfirmationEmail")
			.hasAttribute("code.namespace", AsyncWorker.class.getName());
		org.assertj.core.api.Assertions.assertThat(this.worker.lastThread).isNotEqualTo(Thread.currentThread().getName());
	}

	@Test
	void spanOfAMethodReturningAFutureEndsWhenTheFutureFails() {
		Observation.createNotStarted("caller", this.observationRegistry)
			.observe(() -> this.worker.failLater().exceptionally((ex) -> null).join());
		assertThat(this.spans.awaitSpan("fail-later")).hasErrorStatus();
		assertThat(this.spans.finished()).hasExactlyOneTrace().hasParentChild("caller", "fail-later");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	static class AsyncApplication {

		@Bean
		AsyncWorker asyncWorker(ObservationRegistry observationRegistry) {
			return new AsyncWorker(observationRegistry);
		}

	}

	static class AsyncWorker {

		private final ObservationRegistry observationRegistry;

		AsyncWorker(ObservationRegistry observationRegistry) {
			this.observationRegistry = observationRegistry;
		}

		volatile String lastThread = "";

		@Async
		public void sendConfirmationEmail(String address) {
			this.lastThread = Thread.currentThread().getName();
			throw new IllegalStateException("mailbox unavailable: " + address);
		}

		@Async
		public CompletableFuture<String> failLater() {
			return CompletableFuture.supplyAsync(() -> {
				throw new IllegalStateException("declined");
			});
		}

		@Async
		public CompletableFuture<String> work() {
			Observation.createNotStarted("async-work", this.observationRegistry).observe(() -> {
			});
			return CompletableFuture.completedFuture("done");
		}

	}

}
