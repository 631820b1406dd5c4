package dev.tracewire.context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static dev.tracewire.test.TracewireAssertions.assertThat;

/**
 * A user who sets {@code spring.task.execution.propagate-context=false} gets exactly that: {@code @Async} work
 * on Boot's executor starts its own trace.
 */
@SpringBootTest(properties = "spring.task.execution.propagate-context=false")
@TracewireTest
class AsyncPropagationOptOutTests {

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	TestSpans spans;

	@Autowired
	OptOutWorker worker;

	@Test
	void asyncMethodDoesNotContinueTheCallersTrace() throws Exception {
		Observation.createNotStarted("caller", this.observationRegistry)
			.observeChecked(() -> this.worker.work().get(5, TimeUnit.SECONDS));
		// The @Async invocation's own span ("work") starts a new trace; the work inside it joins that one.
		assertThat(this.spans.awaitCount(3)).hasTraceCount(2).hasParentChild("work", "async-work");
		assertThat(this.spans.awaitSpan("work")).isRoot();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	static class OptOutApplication {

		@Bean
		OptOutWorker optOutWorker(ObservationRegistry observationRegistry) {
			return new OptOutWorker(observationRegistry);
		}

	}

	static class OptOutWorker {

		private final ObservationRegistry observationRegistry;

		OptOutWorker(ObservationRegistry observationRegistry) {
			this.observationRegistry = observationRegistry;
		}

		@Async
		public CompletableFuture<String> work() {
			Observation.createNotStarted("async-work", this.observationRegistry).observe(() -> {
			});
			return CompletableFuture.completedFuture("done");
		}

	}

}
