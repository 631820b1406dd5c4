package dev.tracewire.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import dev.tracewire.test.TestSpans;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.utils.ContainerTestUtils;

import static org.awaitility.Awaitility.await;

/**
 * Helpers for the broker tests, whose listeners keep working in the background: spans are always read per trace.
 */
final class Traces {

	private Traces() {
	}

	/**
	 * Runs work in a new observation on the calling thread and returns the trace id it ran in.
	 */
	static <T> TracedResult<T> inObservation(ObservationRegistry registry, Tracer tracer, String name,
			Callable<T> work) throws Exception {
		Observation observation = Observation.start(name, registry);
		try (Observation.Scope scope = observation.openScope()) {
			Span span = tracer.currentSpan();
			String traceId = (span != null) ? span.context().traceId() : "none";
			return new TracedResult<>(traceId, work.call());
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * Waits until the spans of one trace satisfy the condition and returns them.
	 */
	static List<SpanData> awaitTrace(TestSpans spans, String traceId, Predicate<List<SpanData>> complete) {
		AtomicReference<List<SpanData>> found = new AtomicReference<>(List.of());
		try {
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
				found.set(inTrace(spans.finished(), traceId));
				return complete.test(found.get());
			});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("Trace " + traceId + " never completed; it has " + describe(found.get()), ex);
		}
		return found.get();
	}

	static List<SpanData> inTrace(List<SpanData> spans, String traceId) {
		return spans.stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
	}

	static Predicate<List<SpanData>> hasSpans(String name, SpanKind kind, int count) {
		return (spans) -> named(spans, name, kind).size() >= count;
	}

	static List<SpanData> named(List<SpanData> spans, String name, SpanKind kind) {
		return spans.stream().filter((span) -> span.getName().equals(name) && span.getKind() == kind).toList();
	}

	static SpanData single(List<SpanData> spans, String name, SpanKind kind) {
		List<SpanData> matches = named(spans, name, kind);
		if (matches.size() != 1) {
			throw new AssertionError("Expected one " + kind + " span '" + name + "' but found " + matches.size()
					+ " in " + describe(spans));
		}
		return matches.get(0);
	}

	static String attribute(SpanData span, String key) {
		return String.valueOf(span.getAttributes().get(AttributeKey.stringKey(key)));
	}

	static String describe(List<SpanData> spans) {
		StringBuilder description = new StringBuilder();
		for (SpanData span : spans) {
			description.append("\n  ").append(span.getName()).append(' ').append(span.getKind()).append(" span=")
				.append(span.getSpanId()).append(" parent=").append(span.getParentSpanId()).append(' ')
				.append(span.getAttributes());
		}
		return description.toString();
	}

	/**
	 * Sends while the listener's container is paused, so that the records sent arrive as one batch.
	 */
	static <T> T whilePaused(MessageListenerContainer container, Callable<T> sending) throws Exception {
		// Paused before the partition is assigned, the container would be "paused" with nothing to pause.
		ContainerTestUtils.waitForAssignment(container, 1);
		container.pause();
		await().atMost(Duration.ofSeconds(10)).until(container::isContainerPaused);
		// A fetch sent before the pause may still be waiting for data (up to fetch.max.wait.ms): let it return
		// empty, or it would bring the first record alone.
		Thread.sleep(300);
		try {
			return sending.call();
		}
		finally {
			container.resume();
		}
	}

	record TracedResult<T>(String traceId, T result) {
	}

}
