package dev.tracewire.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.tracewire.kafka.Traces.TracedResult;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TraceShape;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.SendResult;

import static dev.tracewire.kafka.KafkaTestApplication.BATCH_ORDERS;
import static dev.tracewire.kafka.KafkaTestApplication.ORDERS;
import static dev.tracewire.kafka.Traces.awaitTrace;
import static dev.tracewire.kafka.Traces.hasSpans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spans of a record listener and a batch listener with their producers on a real broker, compared with golden
 * files in {@code src/test/resources/golden}: names, kinds, parents, links, status and attributes must not change
 * unnoticed. Regenerate with {@code -Dtracewire.golden.update=true} after an intended change.
 */
@KafkaTracingTest
class GoldenSpansTests {

	@Autowired
	KafkaTemplate<String, String> kafkaTemplate;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	Tracer tracer;

	@Autowired
	TestSpans spans;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Test
	void recordListenerWithItsProducerMatchesGolden() throws Exception {
		TracedResult<SendResult<String, String>> sent = Traces.inObservation(this.observationRegistry, this.tracer,
				"checkout", () -> this.kafkaTemplate.send(ORDERS, "order-1", "ok").get(10, TimeUnit.SECONDS));
		List<SpanData> trace = awaitTrace(this.spans, sent.traceId(), hasSpans("checkout", SpanKind.INTERNAL, 1)
			.and(hasSpans("orders send", SpanKind.PRODUCER, 1))
			.and(hasSpans("orders process", SpanKind.CONSUMER, 1)));
		TraceShape.assertMatchesGolden("kafka-record-listener", trace);
	}

	@Test
	void batchListenerWithItsProducersMatchesGolden() throws Exception {
		MessageListenerContainer container = this.listeners.getListenerContainer(BATCH_ORDERS);
		assertThat(container).isNotNull();
		List<TracedResult<SendResult<String, String>>> sent = Traces.whilePaused(container, () -> List.of(
				send("send-ok-1", "ok-1"), send("send-ok-2", "ok-2")));
		// Each record's own trace: the sender, the producer, the record span the starter makes current in
		// KafkaBatchTracing.forEach and the listener's work under it.
		List<SpanData> golden = new ArrayList<>();
		for (TracedResult<SendResult<String, String>> record : sent) {
			golden.addAll(awaitTrace(this.spans, record.traceId(),
					hasSpans(BATCH_ORDERS + " send", SpanKind.PRODUCER, 1)
						.and(hasSpans(BATCH_ORDERS + " process", SpanKind.CONSUMER, 1))
						.and(hasSpans("record-work", SpanKind.INTERNAL, 1))));
		}
		// The batch span starts a trace of its own, linked to every record's producer.
		SpanData batch = awaitBatchSpan(sent);
		golden.addAll(this.spans.finished()
			.stream()
			.filter((span) -> span.getTraceId().equals(batch.getTraceId()))
			.toList());
		TraceShape.assertMatchesGolden("kafka-batch-listener", golden);
	}

	private TracedResult<SendResult<String, String>> send(String caller, String value) throws Exception {
		return Traces.inObservation(this.observationRegistry, this.tracer, caller,
				() -> this.kafkaTemplate.send(BATCH_ORDERS, value).get(10, TimeUnit.SECONDS));
	}

	private SpanData awaitBatchSpan(List<TracedResult<SendResult<String, String>>> sent) {
		Set<String> traces = sent.stream().map(TracedResult::traceId).collect(Collectors.toSet());
		List<SpanData> batches = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.spans.finished()
				.stream()
				.filter((span) -> span.getName().equals(BATCH_ORDERS + " batch process")
						&& span.getKind() == SpanKind.CONSUMER)
				.filter((span) -> span.getLinks()
					.stream()
					.anyMatch((link) -> traces.contains(link.getSpanContext().getTraceId())))
				.toList(), (found) -> !found.isEmpty());
		assertThat(batches).as("batch spans linked to the records sent").hasSize(1);
		return batches.get(0);
	}

}
