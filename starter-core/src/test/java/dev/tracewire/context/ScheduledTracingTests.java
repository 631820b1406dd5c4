package dev.tracewire.context;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code @Scheduled} execution is a trace of its own, and work it hands to an executor bean stays in it.
 */
@SpringBootTest
@TracewireTest
class ScheduledTracingTests {

	@Autowired
	TestSpans spans;

	@Autowired
	ScheduledWorker worker;

	@Test
	void scheduledExecutionIsTracedAndItsHandOffKeepsTheTrace() throws Exception {
		CompletableFuture<Void> handedOff = new CompletableFuture<>();
		// Armed from the test, so the execution we look at starts after the captured spans were reset.
		this.worker.arm(handedOff);
		handedOff.get(10, TimeUnit.SECONDS);
		SpanData handOff = this.spans.awaitSpan("hand-off");
		SpanData scheduled = await().atMost(Duration.ofSeconds(5))
			.until(() -> parentOf(handOff), (parent) -> parent != null);
		assertThat(scheduled).hasName("task scheduledWorker.tick").isRoot();
		assertThat(handOff).isChildOf(scheduled);
	}

	private SpanData parentOf(SpanData span) {
		return this.spans.finished()
			.stream()
			.filter((candidate) -> candidate.getSpanId().equals(span.getParentSpanId()))
			.findFirst()
			.orElse(null);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableScheduling
	static class ScheduledApplication {

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService workPool() {
			return Executors.newSingleThreadExecutor();
		}

		@Bean
		ScheduledWorker scheduledWorker(ExecutorService workPool, ObservationRegistry observationRegistry) {
			return new ScheduledWorker(workPool, observationRegistry);
		}

	}

	static class ScheduledWorker {

		private final AtomicReference<CompletableFuture<Void>> armed = new AtomicReference<>();

		private final ExecutorService workPool;

		private final ObservationRegistry observationRegistry;

		ScheduledWorker(ExecutorService workPool, ObservationRegistry observationRegistry) {
			this.workPool = workPool;
			this.observationRegistry = observationRegistry;
		}

		void arm(CompletableFuture<Void> done) {
			this.armed.set(done);
		}

		@Scheduled(fixedDelay = 50)
		void tick() throws Exception {
			CompletableFuture<Void> done = this.armed.getAndSet(null);
			if (done != null) {
				this.workPool
					.submit(() -> Observation.createNotStarted("hand-off", this.observationRegistry).observe(() -> {
					}))
					.get(5, TimeUnit.SECONDS);
				done.complete(null);
			}
		}

	}

}
