package dev.tracewire.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tracewire.kafka.KafkaTestApplication.Captured;
import dev.tracewire.kafka.KafkaTestApplication.Received;
import dev.tracewire.kafka.Traces.TracedResult;
import dev.tracewire.test.TestSpans;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static dev.tracewire.kafka.KafkaTestApplication.PLAIN_BATCH;
import static dev.tracewire.kafka.KafkaTestApplication.PLAIN_BATCH_WORK;
import static dev.tracewire.kafka.Traces.awaitTrace;
import static dev.tracewire.kafka.Traces.hasSpans;
import static dev.tracewire.kafka.Traces.named;
import static dev.tracewire.kafka.Traces.single;
import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Record spans ({@code tracewire.kafka.batch.record-spans}, on by default) on a real broker, for a batch listener
 * without any tracing code: each record's trace gets a {@code CONSUMER} span, child of the record's producer span,
 * linked to the batch span, covering the batch's processing and failing with it.
 */
@KafkaTracingTest
class BatchRecordSpansTests {

	private static final String BATCH_SPAN = PLAIN_BATCH + " batch process";

	private static final String RECORD_SPAN = PLAIN_BATCH + " process";

	private static final String PRODUCER_SPAN = PLAIN_BATCH + " send";

	private static final Duration CLOCK_ANCHORS = Duration.ofMillis(50);

	@Autowired
	KafkaTemplate<String, String> kafkaTemplate;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	Tracer tracer;

	@Autowired
	TestSpans spans;

	@Autowired
	Captured captured;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	EmbeddedKafkaBroker broker;

	@BeforeEach
	void reset() {
		this.captured.reset();
	}

	@Test
	void eachRecordGetsASpanInItsOwnTraceChildOfItsProducerAndLinkedToTheBatch() throws Exception {
		List<TracedResult<SendResult<String, String>>> sent = sendAsOneBatch(() -> {
			List<TracedResult<SendResult<String, String>>> results = new ArrayList<>();
			for (String value : List.of("ok-1", "ok-2", "ok-3")) {
				results.add(sendTraced(value));
			}
			return results;
		});

		for (TracedResult<SendResult<String, String>> record : sent) {
			List<SpanData> trace = awaitTrace(this.spans, record.traceId(),
					hasSpans(RECORD_SPAN, SpanKind.CONSUMER, 1).and(hasSpans(PRODUCER_SPAN, SpanKind.PRODUCER, 1)));
			SpanData producer = single(trace, PRODUCER_SPAN, SpanKind.PRODUCER);
			SpanData recordSpan = single(trace, RECORD_SPAN, SpanKind.CONSUMER);
			assertThat(recordSpan.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
			assertThat(recordSpan).isChildOf(producer)
				.hasAttribute("messaging.destination.name", PLAIN_BATCH)
				.hasAttribute("messaging.kafka.offset", Long.toString(record.result().getRecordMetadata().offset()))
				.hasAttribute("messaging.consumer.group.name", PLAIN_BATCH)
				.hasAttribute("spring.kafka.listener.id", PLAIN_BATCH)
				.hasAttributeKey("messaging.kafka.time_in_queue.ms");

			SpanData batch = linkedBatch(recordSpan);
			assertThat(batch.getLinks()).extracting(BatchRecordSpansTests::spanId)
				.contains(producer.getTraceId() + "/" + producer.getSpanId());
			// The record span lasts as long as the batch's processing, inside the batch span. Spans of two traces
			// take their times from two clock anchors, which may be some milliseconds apart.
			assertThat(recordSpan.getStartEpochNanos())
				.isGreaterThanOrEqualTo(batch.getStartEpochNanos() - CLOCK_ANCHORS.toNanos());
			assertThat(recordSpan.getEndEpochNanos())
				.isLessThanOrEqualTo(batch.getEndEpochNanos() + CLOCK_ANCHORS.toNanos());
			assertThat(Duration.ofNanos(recordSpan.getEndEpochNanos() - recordSpan.getStartEpochNanos()))
				.isGreaterThanOrEqualTo(PLAIN_BATCH_WORK);
			// The listener itself still runs in the batch's span.
			Received received = this.captured.awaitReceived(PLAIN_BATCH, 1,
					(candidate) -> candidate.offset() == record.result().getRecordMetadata().offset()).get(0);
			assertThat(received.traceId()).isEqualTo(batch.getTraceId());
		}
	}

	@Test
	void recordSpansOfAFailedBatchEndWithItsError() throws Exception {
		TracedResult<SendResult<String, String>> sent = sendAsOneBatch(() -> sendTraced("fail-1"));

		// The first delivery and the error handler's retry: a record span each, both failed.
		List<SpanData> trace = awaitTrace(this.spans, sent.traceId(), hasSpans(RECORD_SPAN, SpanKind.CONSUMER, 2)
			.and(hasSpans(PRODUCER_SPAN, SpanKind.PRODUCER, 1)));
		SpanData producer = single(trace, PRODUCER_SPAN, SpanKind.PRODUCER);
		for (SpanData recordSpan : named(trace, RECORD_SPAN, SpanKind.CONSUMER)) {
			assertThat(recordSpan).isChildOf(producer)
				.hasStatus(StatusCode.ERROR)
				.hasAttribute("error.type", IllegalStateException.class.getName());
			assertThat(linkedBatch(recordSpan)).hasStatus(StatusCode.ERROR);
		}
	}

	@Test
	void recordWithoutTraceContextGetsNoSpanOfItsOwn() throws Exception {
		Map<String, Object> producerProperties = KafkaTestUtils.producerProps(this.broker);
		List<Object> sent = sendAsOneBatch(() -> {
			TracedResult<SendResult<String, String>> traced = sendTraced("ok-traced");
			// A producer nobody observes: the record carries no trace headers at all.
			try (KafkaProducer<String, String> untraced = new KafkaProducer<>(producerProperties,
					new StringSerializer(), new StringSerializer())) {
				RecordMetadata metadata = untraced.send(new ProducerRecord<>(PLAIN_BATCH, "ok-untraced"))
					.get(10, TimeUnit.SECONDS);
				return List.of(traced, metadata);
			}
		});
		@SuppressWarnings("unchecked")
		TracedResult<SendResult<String, String>> traced = (TracedResult<SendResult<String, String>>) sent.get(0);
		long untracedOffset = ((RecordMetadata) sent.get(1)).offset();

		List<SpanData> trace = awaitTrace(this.spans, traced.traceId(), hasSpans(RECORD_SPAN, SpanKind.CONSUMER, 1));
		SpanData batch = linkedBatch(single(trace, RECORD_SPAN, SpanKind.CONSUMER));
		assertThat(batch).hasAttribute("messaging.batch.message_count", "2");
		assertThat(this.spans.finished()).filteredOn((span) -> span.getName().equals(RECORD_SPAN)
				&& Long.toString(untracedOffset).equals(Traces.attribute(span, "messaging.kafka.offset")))
			.isEmpty();
	}

	private TracedResult<SendResult<String, String>> sendTraced(String value) throws Exception {
		return Traces.inObservation(this.observationRegistry, this.tracer, "send-" + value,
				() -> this.kafkaTemplate.send(PLAIN_BATCH, value).get(10, TimeUnit.SECONDS));
	}

	private <T> T sendAsOneBatch(java.util.concurrent.Callable<T> sending) throws Exception {
		MessageListenerContainer container = this.listeners.getListenerContainer(PLAIN_BATCH);
		assertThat(container).isNotNull();
		return Traces.whilePaused(container, sending);
	}

	// The batch span a record span links to, once it has ended.
	private SpanData linkedBatch(SpanData recordSpan) {
		assertThat(recordSpan.getLinks()).hasSize(1);
		String batchSpanId = recordSpan.getLinks().get(0).getSpanContext().getSpanId();
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> this.spans.finished().stream()
				.filter((span) -> span.getSpanId().equals(batchSpanId) && span.getName().equals(BATCH_SPAN)
						&& span.getKind() == SpanKind.CONSUMER)
				.findFirst(), java.util.Optional::isPresent)
			.orElseThrow();
	}

	private static String spanId(LinkData link) {
		return link.getSpanContext().getTraceId() + "/" + link.getSpanContext().getSpanId();
	}

}
