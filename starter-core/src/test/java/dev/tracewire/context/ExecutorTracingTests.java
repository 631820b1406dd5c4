package dev.tracewire.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work handed to executor beans of every kind continues the submitter's trace.
 */
@SpringBootTest(properties = "tracewire.executors.excluded-beans=excludedPool")
@TracewireTest
class ExecutorTracingTests {

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	Tracer tracer;

	@Autowired
	TestSpans spans;

	@Autowired
	ThreadPoolTaskExecutor userPool;

	@Autowired
	@Qualifier("rawPool")
	ExecutorService rawPool;

	@Autowired
	@Qualifier("scheduledPool")
	ScheduledExecutorService scheduledPool;

	@Autowired
	@Qualifier("userScheduler")
	TaskScheduler userScheduler;

	@Autowired
	@Qualifier("excludedPool")
	ExecutorService excludedPool;

	@Test
	void userThreadPoolTaskExecutorContinuesTheCallersTrace() throws Exception {
		assertWorkIsChildOfCaller((work) -> this.userPool.submit(work).get(5, TimeUnit.SECONDS));
	}

	@Test
	void rawExecutorServiceContinuesTheCallersTrace() throws Exception {
		assertWorkIsChildOfCaller((work) -> this.rawPool.submit(work).get(5, TimeUnit.SECONDS));
	}

	@Test
	void rawExecutorServiceExecuteAndInvokeAllContinueTheCallersTrace() throws Exception {
		assertWorkIsChildOfCaller((work) -> {
			CompletableFuture<Void> done = new CompletableFuture<>();
			this.rawPool.execute(() -> {
				work.run();
				done.complete(null);
			});
			done.get(5, TimeUnit.SECONDS);
		});
		assertWorkIsChildOfCaller((work) -> {
			for (Future<Object> future : this.rawPool.invokeAll(java.util.List.of(() -> {
				work.run();
				return null;
			}))) {
				future.get(5, TimeUnit.SECONDS);
			}
		});
	}

	@Test
	void scheduledExecutorServiceContinuesTheCallersTrace() throws Exception {
		assertWorkIsChildOfCaller(
				(work) -> this.scheduledPool.schedule(work, 10, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS));
	}

	@Test
	void taskSchedulerContinuesTheCallersTrace() throws Exception {
		assertWorkIsChildOfCaller((work) -> {
			CompletableFuture<Void> done = new CompletableFuture<>();
			this.userScheduler.schedule(() -> {
				work.run();
				done.complete(null);
			}, java.time.Instant.now());
			done.get(5, TimeUnit.SECONDS);
		});
	}

	@Test
	void supplyAsyncHelperContinuesTheCallersTraceOnAPoolThatIsNotABean() throws Exception {
		ExecutorService foreignPool = Executors.newSingleThreadExecutor();
		try {
			assertWorkIsChildOfCaller((work) -> TracewireContext.supplyAsync(() -> {
				work.run();
				return "done";
			}, foreignPool).get(5, TimeUnit.SECONDS));
		}
		finally {
			foreignPool.shutdownNow();
		}
	}

	@Test
	void handStartedSpanTravelsToo() throws Exception {
		Span manual = this.tracer.nextSpan().name("manual").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(manual)) {
			this.rawPool.submit(() -> this.tracer.nextSpan().name("work").start().end()).get(5, TimeUnit.SECONDS);
		}
		finally {
			manual.end();
		}
		SpanData work = this.spans.awaitSpan("work");
		assertThat(work).hasTraceId(manual.context().traceId()).isChildOf(this.spans.awaitSpan("manual"));
	}

	@Test
	void excludedExecutorIsLeftAlone() throws Exception {
		Observation.createNotStarted("caller", this.observationRegistry).observeChecked(() -> this.excludedPool
			.submit(() -> Observation.createNotStarted("work", this.observationRegistry).observe(() -> {
			}))
			.get(5, TimeUnit.SECONDS));
		assertThat(this.spans.awaitCount(2)).hasTraceCount(2);
		assertThat(this.spans.awaitSpan("work")).isRoot();
	}

	@Test
	void workerThreadKeepsNoContextAfterTheTask() throws Exception {
		assertWorkIsChildOfCaller((work) -> this.rawPool.submit(work).get(5, TimeUnit.SECONDS));
		// rawPool has a single thread, the one that just ran the traced task; ask it directly, past the proxy.
		ExecutorService thread = (ExecutorService) ((Advised) this.rawPool).getTargetSource().getTarget();
		assertThat(thread.submit(Context::current).get(5, TimeUnit.SECONDS)).isSameAs(Context.root());
		assertThat(thread.submit(this.tracer::currentSpan).get(5, TimeUnit.SECONDS)).isNull();
		assertThat(thread.submit(this.observationRegistry::getCurrentObservation).get(5, TimeUnit.SECONDS)).isNull();
		assertThat(thread.submit(() -> MDC.get("traceId")).get(5, TimeUnit.SECONDS)).isNull();
	}

	/**
	 * Runs {@code submit} inside a "caller" observation; the submitted work opens a "work" observation and
	 * records the MDC trace id it sees. Asserts one trace, work child of caller, MDC carrying the trace id.
	 */
	private void assertWorkIsChildOfCaller(Submission submit) throws Exception {
		this.spans.reset();
		String[] mdcTraceId = new String[1];
		Runnable work = () -> Observation.createNotStarted("work", this.observationRegistry)
			.observe(() -> mdcTraceId[0] = MDC.get("traceId"));
		Observation.createNotStarted("caller", this.observationRegistry).observeChecked(() -> submit.run(work));
		assertThat(this.spans.awaitCount(2)).hasExactlyOneTrace().hasParentChild("caller", "work");
		SpanData caller = this.spans.awaitSpan("caller", SpanKind.INTERNAL);
		assertThat(mdcTraceId[0]).isEqualTo(caller.getTraceId());
	}

	@FunctionalInterface
	interface Submission {

		void run(Runnable work) throws Exception;

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ExecutorApplication {

		@Bean
		ThreadPoolTaskExecutor userPool() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(2);
			return executor;
		}

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService rawPool() {
			return Executors.newSingleThreadExecutor();
		}

		@Bean(destroyMethod = "shutdownNow")
		ScheduledExecutorService scheduledPool() {
			return Executors.newScheduledThreadPool(1);
		}

		@Bean
		ThreadPoolTaskScheduler userScheduler() {
			return new ThreadPoolTaskScheduler();
		}

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService excludedPool() {
			return Executors.newSingleThreadExecutor();
		}

	}

}
