package dev.tracewire.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tracewire.kafka.KafkaTestApplication.Captured;
import dev.tracewire.kafka.KafkaTestApplication.ReceivedBatch;
import dev.tracewire.kafka.Traces.TracedResult;
import dev.tracewire.test.TestSpans;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.SendResult;

import static dev.tracewire.kafka.KafkaTestApplication.BATCH_ORDERS;
import static dev.tracewire.kafka.Traces.awaitTrace;
import static dev.tracewire.kafka.Traces.hasSpans;
import static dev.tracewire.kafka.Traces.single;
import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batch listeners on a real broker: one span per batch linked to every record's producer, and per-record scopes
 * in which the listener's work continues each record's own trace.
 */
@KafkaTracingTest
class BatchListenerTracingTests {

	private static final String BATCH_SPAN = BATCH_ORDERS + " batch process";

	private static final String RECORD_SPAN = BATCH_ORDERS + " process";

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

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		this.captured.reset();
		this.logs.start();
		((Logger) LoggerFactory.getLogger("org.springframework.kafka")).addAppender(this.logs);
	}

	@AfterEach
	void stopCapturingLogs() {
		((Logger) LoggerFactory.getLogger("org.springframework.kafka")).detachAppender(this.logs);
	}

	@Test
	void batchSpanStartsATraceLinkedToEveryRecordsProducer() throws Exception {
		List<TracedResult<SendResult<String, String>>> sent = sendAsOneBatch("ok-1", "ok-2", "ok-3");
		SpanData batch = awaitBatchSpan(sent);

		assertThat(batch).isRoot()
			.hasKind(SpanKind.CONSUMER)
			.hasAttribute("messaging.system", "kafka")
			.hasAttribute("messaging.destination.name", BATCH_ORDERS)
			.hasAttribute("messaging.batch.message_count", "3")
			.hasAttribute("messaging.consumer.group.name", BATCH_ORDERS)
			.hasAttribute("spring.kafka.listener.id", BATCH_ORDERS)
			.hasAttributeKey("messaging.kafka.time_in_queue.ms");
		Set<String> linked = batch.getLinks().stream().map(BatchListenerTracingTests::spanId)
			.collect(Collectors.toSet());
		Set<String> producers = new java.util.HashSet<>();
		for (TracedResult<SendResult<String, String>> record : sent) {
			List<SpanData> trace = awaitTrace(this.spans, record.traceId(), hasSpans("batch-orders send",
					SpanKind.PRODUCER, 1));
			SpanData producer = single(trace, "batch-orders send", SpanKind.PRODUCER);
			producers.add(producer.getTraceId() + "/" + producer.getSpanId());
		}
		assertThat(linked).isEqualTo(producers);
	}

	@Test
	void listenerRunsInTheBatchSpanAndEachRecordsWorkContinuesItsOwnTrace() throws Exception {
		List<TracedResult<SendResult<String, String>>> sent = sendAsOneBatch("ok-1", "ok-2");
		SpanData batch = awaitBatchSpan(sent);

		ReceivedBatch received = this.captured.batches.stream().filter((candidate) -> candidate.size() == 2)
			.findFirst().orElseThrow();
		assertThat(received.mdcTraceId()).isEqualTo(batch.getTraceId());
		for (TracedResult<SendResult<String, String>> record : sent) {
			List<SpanData> trace = awaitTrace(this.spans, record.traceId(), hasSpans("record-work", SpanKind.INTERNAL, 1)
				.and(hasSpans(RECORD_SPAN, SpanKind.CONSUMER, 1)).and(hasSpans("batch-orders send", SpanKind.PRODUCER, 1)));
			SpanData producer = single(trace, "batch-orders send", SpanKind.PRODUCER);
			SpanData recordSpan = single(trace, RECORD_SPAN, SpanKind.CONSUMER);
			assertThat(recordSpan).isChildOf(producer)
				.hasAttribute("messaging.destination.name", BATCH_ORDERS)
				.hasAttribute("messaging.kafka.offset", Long.toString(record.result().getRecordMetadata().offset()))
				.hasAttribute("spring.kafka.listener.id", BATCH_ORDERS);
			assertThat(single(trace, "record-work", SpanKind.INTERNAL)).isChildOf(recordSpan);
			// The record span the starter gives each record, made current by forEach rather than a second one.
			assertThat(recordSpan.getLinks()).extracting(BatchListenerTracingTests::spanId)
				.containsExactly(batch.getTraceId() + "/" + batch.getSpanId());
			assertThat(this.captured.awaitReceived(BATCH_ORDERS, 1,
					(candidate) -> candidate.offset() == record.result().getRecordMetadata().offset()).get(0).traceId())
				.isEqualTo(record.traceId());
		}
	}

	@Test
	void failedBatchRecordsTheErrorAndTheErrorHandlerLogsInTheBatchTrace() throws Exception {
		List<TracedResult<SendResult<String, String>>> sent = sendAsOneBatch("fail-1");
		String failedRecord = BATCH_ORDERS + "-0@" + sent.get(0).result().getRecordMetadata().offset();

		List<ILoggingEvent> errors = new ArrayList<>();
		await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
			errors.clear();
			logEvents().stream().filter((event) -> event.getLevel() == Level.ERROR
					&& event.getFormattedMessage().contains(failedRecord)).forEach(errors::add);
			assertThat(errors).isNotEmpty();
		});
		// The first delivery and the error handler's retry: each a batch span that failed.
		List<SpanData> batches = await().atMost(20, TimeUnit.SECONDS).until(() -> batchSpansLinkedTo(sent),
				(found) -> found.size() >= 2);
		for (SpanData batch : batches) {
			assertThat(batch).hasStatus(StatusCode.ERROR).hasAttribute("error.type",
					IllegalStateException.class.getName());
		}
		Set<String> batchTraces = batches.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
		assertThat(errors).allSatisfy((event) -> assertThat(batchTraces).contains(event.getMDCPropertyMap().get("traceId")));
	}

	private List<TracedResult<SendResult<String, String>>> sendAsOneBatch(String... values) throws Exception {
		MessageListenerContainer container = this.listeners.getListenerContainer(BATCH_ORDERS);
		assertThat(container).isNotNull();
		return Traces.whilePaused(container, () -> {
			List<TracedResult<SendResult<String, String>>> sent = new ArrayList<>();
			for (String value : values) {
				sent.add(Traces.inObservation(this.observationRegistry, this.tracer, "send-" + value,
						() -> this.kafkaTemplate.send(BATCH_ORDERS, value).get(10, TimeUnit.SECONDS)));
			}
			return sent;
		});
	}

	private SpanData awaitBatchSpan(List<TracedResult<SendResult<String, String>>> sent) {
		return await().atMost(20, TimeUnit.SECONDS).until(() -> batchSpansLinkedTo(sent), (found) -> !found.isEmpty())
			.get(0);
	}

	private List<SpanData> batchSpansLinkedTo(List<TracedResult<SendResult<String, String>>> sent) {
		Set<String> traces = sent.stream().map(TracedResult::traceId).collect(Collectors.toSet());
		return this.spans.finished().stream()
			.filter((span) -> span.getName().equals(BATCH_SPAN) && span.getKind() == SpanKind.CONSUMER)
			.filter((span) -> span.getLinks().stream()
				.anyMatch((link) -> traces.contains(link.getSpanContext().getTraceId())))
			.toList();
	}

	private static String spanId(LinkData link) {
		return link.getSpanContext().getTraceId() + "/" + link.getSpanContext().getSpanId();
	}

	// Appenders add under their own lock, from the listener threads.
	private List<ILoggingEvent> logEvents() {
		synchronized (this.logs) {
			return new ArrayList<>(this.logs.list);
		}
	}

}
