package dev.tracewire.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.tracewire.kafka.KafkaTestApplication.Captured;
import dev.tracewire.kafka.KafkaTestApplication.Received;
import dev.tracewire.kafka.KafkaTestApplication.ReceivedBatch;
import dev.tracewire.kafka.Traces.TracedResult;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireAssertions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.SendResult;
import org.springframework.test.context.TestPropertySource;

import static dev.tracewire.kafka.KafkaTestApplication.BATCH_ORDERS;
import static dev.tracewire.kafka.KafkaTestApplication.ORDERS;
import static dev.tracewire.kafka.KafkaTestApplication.PAYMENTS;
import static dev.tracewire.kafka.Traces.awaitTrace;
import static dev.tracewire.kafka.Traces.hasSpans;
import static dev.tracewire.kafka.Traces.named;
import static dev.tracewire.kafka.Traces.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deferred keep across Kafka with nothing sampled: a record listener that fails keeps its own part of the trace
 * (every failed delivery attempt, under the producer's span context), while the producer's side, which ended before
 * the consumer failed, is not exported; a record processed without error leaves nothing. The same holds for a batch
 * listener (the batch's spans and every record's spans) and for retry topics up to the dead letter.
 */
@KafkaTracingTest
@TestPropertySource(properties = "tracewire.sampling.probability=0")
class DeferredKeepKafkaTests {

	private static final AttributeKey<String> KEPT = AttributeKey.stringKey("tracewire.sampling.kept");

	private static final String BATCH_SPAN = BATCH_ORDERS + " batch process";

	private static final String BATCH_RECORD_SPAN = BATCH_ORDERS + " process";

	private static final String RETRY = PAYMENTS + "-retry";

	private static final String DLT = PAYMENTS + "-dlt";

	@Autowired
	KafkaTemplate<String, String> kafkaTemplate;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	Tracer tracer;

	@Autowired
	TestSpans spans;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	Captured captured;

	@BeforeEach
	void reset() {
		this.captured.reset();
	}

	@Test
	void failingListenerKeepsItsAttemptsUnderTheProducersSpanContext() throws Exception {
		// Consumed only once the sender's part has ended (and was discarded), as when the consumer is another
		// service. In one process, spans of a trace that are open at the same time are held together, so a consumer
		// that failed while the sender's part was still open would keep that part too.
		MessageListenerContainer container = this.listeners.getListenerContainer(ORDERS);
		assertThat(container).isNotNull();
		TracedResult<SendResult<String, String>> sent = Traces.whilePaused(container,
				() -> Traces.inObservation(this.observationRegistry, this.tracer, "checkout",
						() -> this.kafkaTemplate.send(ORDERS, "fail-kept").get(10, TimeUnit.SECONDS)));
		Header traceparent = sent.result().getProducerRecord().headers().lastHeader("traceparent");
		assertThat(traceparent).as("the record's traceparent").isNotNull();
		String sentWith = new String(traceparent.value());
		assertThat(Integer.parseInt(sentWith.substring(53), 16) & 1).as("sampled flag of %s", sentWith).isZero();
		String producerSpanId = sentWith.substring(36, 52);

		List<SpanData> trace = awaitTrace(this.spans, sent.traceId(), hasSpans("orders process", SpanKind.CONSUMER, 2));
		assertThat(trace).allSatisfy((span) -> {
			assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
			assertThat(span.getName()).isEqualTo("orders process");
			assertThat(span.getParentSpanId()).isEqualTo(producerSpanId);
			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getSpanContext().isSampled()).isTrue();
			assertThat(span.getAttributes().get(KEPT)).isEqualTo("error");
		});
		assertThat(trace).as("the producer's side ended before the consumer failed")
			.noneMatch((span) -> span.getKind() == SpanKind.PRODUCER || span.getName().equals("checkout"));
	}

	@Test
	void recordProcessedWithoutErrorLeavesNothing() throws Exception {
		double discardedBefore = discarded();
		// Consumed only once the sender's part has ended: a listener that is already polling could otherwise start
		// its span before "checkout" ends, and the two parts would be held, and discarded, as one.
		MessageListenerContainer container = this.listeners.getListenerContainer(ORDERS);
		assertThat(container).isNotNull();
		TracedResult<SendResult<String, String>> sent = Traces.whilePaused(container,
				() -> Traces.inObservation(this.observationRegistry, this.tracer, "checkout",
						() -> this.kafkaTemplate.send(ORDERS, "fine").get(10, TimeUnit.SECONDS)));
		// The sender's part and the listener's part are each discarded once they end.
		await().atMost(Duration.ofSeconds(20)).until(() -> discarded() >= discardedBefore + 2);
		assertThat(this.spans.finished()).noneMatch((span) -> span.getTraceId().equals(sent.traceId()));
	}

	@Test
	void failedBatchKeepsItsBatchSpansAndEveryRecordsSpansUnderTheProducersSpanContexts() throws Exception {
		// One record that the listener is fine with and one that makes it throw: the whole batch fails. The error
		// handler retries it once in the listener thread, then gives up (logs it). Kept: each delivery's batch span
		// (a trace of its own, linked to the producers) and, in each record's trace, each delivery's record span
		// (failed with the batch) with the listener's work under it. Not kept: the producers' side of each record's
		// trace, which ended and was discarded before the batch was consumed; the batch spans link to span
		// contexts that were never exported.
		List<TracedResult<SendResult<String, String>>> sent = sendAsOneBatch("ok-1", "fail-2");
		Set<String> producers = new HashSet<>();
		for (TracedResult<SendResult<String, String>> record : sent) {
			producers.add(record.traceId() + "/" + unsampledProducerSpanId(record));
		}

		// The first delivery and the error handler's retry: a batch span each.
		List<SpanData> batches = await().atMost(Duration.ofSeconds(20))
			.until(() -> batchSpansLinkedTo(sent), (found) -> found.size() >= 2);
		assertThat(batches).hasSize(2);
		for (SpanData batch : batches) {
			assertKept(batch);
			TracewireAssertions.assertThat(batch).isRoot()
				.hasStatus(StatusCode.ERROR)
				.hasAttribute("error.type", IllegalStateException.class.getName())
				.hasAttribute("messaging.batch.message_count", "2");
			assertThat(batch.getLinks()).extracting(DeferredKeepKafkaTests::spanId)
				.containsExactlyInAnyOrderElementsOf(producers);
			// The listener and the error handler run in the batch span, but make no span of their own there.
			assertThat(Traces.inTrace(this.spans.finished(), batch.getTraceId())).containsExactly(batch);
		}
		Set<String> batchSpans = batches.stream().map(DeferredKeepKafkaTests::spanId).collect(Collectors.toSet());

		for (TracedResult<SendResult<String, String>> record : sent) {
			String producerSpanId = unsampledProducerSpanId(record);
			List<SpanData> trace = awaitTrace(this.spans, record.traceId(),
					hasSpans(BATCH_RECORD_SPAN, SpanKind.CONSUMER, 2).and(hasSpans("record-work", SpanKind.INTERNAL, 2)));
			assertThat(trace).as("the producer's side ended before the batch failed")
				.noneMatch((span) -> span.getKind() == SpanKind.PRODUCER || span.getName().startsWith("send-"));
			assertThat(trace).hasSize(4).allSatisfy(DeferredKeepKafkaTests::assertKept);
			List<SpanData> recordSpans = named(trace, BATCH_RECORD_SPAN, SpanKind.CONSUMER);
			for (SpanData recordSpan : recordSpans) {
				// Also the record the listener was fine with: its span ends with the batch's error.
				TracewireAssertions.assertThat(recordSpan).hasStatus(StatusCode.ERROR)
					.hasAttribute("error.type", IllegalStateException.class.getName())
					.hasAttribute("messaging.kafka.offset", Long.toString(record.result().getRecordMetadata().offset()));
				assertThat(recordSpan.getParentSpanId()).isEqualTo(producerSpanId);
				assertThat(recordSpan.getParentSpanContext().isRemote()).isTrue();
				assertThat(recordSpan.getLinks()).singleElement()
					.satisfies((link) -> assertThat(batchSpans).contains(spanId(link)));
			}
			// One record span per delivery, each linked to its own delivery's batch span.
			assertThat(recordSpans.stream().map((span) -> spanId(span.getLinks().get(0))).toList())
				.containsExactlyInAnyOrderElementsOf(batchSpans);
			for (SpanData work : named(trace, "record-work", SpanKind.INTERNAL)) {
				assertThat(work.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
				assertThat(recordSpans)
					.anySatisfy((recordSpan) -> TracewireAssertions.assertThat(work).isChildOf(recordSpan));
			}
		}
	}

	@Test
	void batchProcessedWithoutErrorLeavesNothing() throws Exception {
		double discardedBefore = discarded();
		List<TracedResult<SendResult<String, String>>> sent = sendAsOneBatch("ok-1", "ok-2");

		ReceivedBatch batch = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.captured.batches.stream().filter((candidate) -> candidate.size() == 2).findFirst(),
					Optional::isPresent)
			.orElseThrow();
		assertThat(batch.mdcTraceId()).as("the batch's own trace").isNotNull();
		for (TracedResult<SendResult<String, String>> record : sent) {
			Received received = this.captured.awaitReceived(BATCH_ORDERS, 1,
					(candidate) -> candidate.offset() == record.result().getRecordMetadata().offset()).get(0);
			assertThat(received.traceId()).as("the listener's work ran in the record's trace")
				.isEqualTo(record.traceId());
		}
		// Each record's producer side (send observation and producer span), each record's consumer side (record
		// span and the listener's work) and the batch span's trace: five traces discarded once they end.
		await().atMost(Duration.ofSeconds(20)).until(() -> discarded() >= discardedBefore + 5);
		Set<String> traces = sent.stream().map(TracedResult::traceId).collect(Collectors.toSet());
		traces.add(batch.mdcTraceId());
		assertThat(this.spans.finished()).noneMatch((span) -> traces.contains(span.getTraceId()));
		assertThat(batchSpansLinkedTo(sent)).isEmpty();
	}

	@Test
	void recordFailingEveryRetryKeepsEachAttemptAndTheDeadLetterUnderTheProducersSpanContext() throws Exception {
		// Consumed only once the sender's part has ended, as in the record listener's case above. Exported, all marked
		// sampled and kept for the error: the three failed attempts (each ERROR), the two forwards to the retry topic
		// and the forward to the dead letter topic (UNSET), and the dead letter handler's span (UNSET). The first
		// attempt's failure decides the trace; every later span of the trace in this process (the later attempts are
		// local roots again, their parents read back from the broker) is passed on as it ends because the trace is
		// remembered as kept, so the forwards and the dead letter's spans are kept although they did not fail. Not
		// exported: "checkout" and the "payments send" producer span, which ended (and were discarded) before the first
		// attempt failed; the first attempt's parent is that unexported producer span.
		MessageListenerContainer container = this.listeners.getListenerContainer(PAYMENTS);
		assertThat(container).isNotNull();
		TracedResult<SendResult<String, String>> sent = Traces.whilePaused(container,
				() -> Traces.inObservation(this.observationRegistry, this.tracer, "checkout",
						() -> this.kafkaTemplate.send(PAYMENTS, "pay-kept").get(10, TimeUnit.SECONDS)));
		String producerSpanId = unsampledProducerSpanId(sent);

		List<SpanData> trace = awaitTrace(this.spans, sent.traceId(), hasSpans(DLT + " process", SpanKind.CONSUMER, 1)
			.and(hasSpans(DLT + " send", SpanKind.PRODUCER, 1))
			.and(hasSpans(RETRY + " send", SpanKind.PRODUCER, 2))
			.and(hasSpans(RETRY + " process", SpanKind.CONSUMER, 2))
			.and(hasSpans(PAYMENTS + " process", SpanKind.CONSUMER, 1)));
		assertThat(trace).as("the producer's side ended before the first attempt failed")
			.noneMatch((span) -> span.getName().equals(PAYMENTS + " send") || span.getName().equals("checkout"));
		assertThat(trace).hasSize(7).allSatisfy(DeferredKeepKafkaTests::assertKept);

		SpanData first = single(trace, PAYMENTS + " process", SpanKind.CONSUMER);
		TracewireAssertions.assertThat(first).hasAttribute("messaging.kafka.delivery.attempt", "1");
		assertThat(first.getParentSpanId()).isEqualTo(producerSpanId);
		assertThat(first.getParentSpanContext().isRemote()).isTrue();
		List<SpanData> retries = named(trace, RETRY + " process", SpanKind.CONSUMER);
		SpanData second = attempt(retries, 2);
		SpanData third = attempt(retries, 3);
		TracewireAssertions.assertThat(second).isChildOf(forwardedBy(trace, first, RETRY));
		TracewireAssertions.assertThat(third).isChildOf(forwardedBy(trace, second, RETRY));
		for (SpanData attempt : List.of(first, second, third)) {
			TracewireAssertions.assertThat(attempt).hasStatus(StatusCode.ERROR)
				.hasAttribute("error.type", IllegalStateException.class.getName());
		}
		SpanData deadLetterSend = forwardedBy(trace, third, DLT);
		TracewireAssertions.assertThat(single(trace, DLT + " process", SpanKind.CONSUMER)).isChildOf(deadLetterSend)
			.hasStatus(StatusCode.UNSET);
		for (SpanData forward : named(trace, RETRY + " send", SpanKind.PRODUCER)) {
			TracewireAssertions.assertThat(forward).hasStatus(StatusCode.UNSET);
		}
		TracewireAssertions.assertThat(deadLetterSend).hasStatus(StatusCode.UNSET);
	}

	// Exported by the deferred keep: marked sampled, and kept for an error.
	private static void assertKept(SpanData span) {
		assertThat(span.getSpanContext().isSampled()).as("sampled flag of %s", span.getName()).isTrue();
		assertThat(span.getAttributes().get(KEPT)).as("%s of %s", KEPT, span.getName()).isEqualTo("error");
	}

	private static String unsampledProducerSpanId(TracedResult<SendResult<String, String>> sent) {
		Header traceparent = sent.result().getProducerRecord().headers().lastHeader("traceparent");
		assertThat(traceparent).as("the record's traceparent").isNotNull();
		String sentWith = new String(traceparent.value());
		assertThat(sentWith).startsWith("00-" + sent.traceId() + "-");
		assertThat(Integer.parseInt(sentWith.substring(53), 16) & 1).as("sampled flag of %s", sentWith).isZero();
		return sentWith.substring(36, 52);
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

	private static String spanId(SpanData span) {
		return span.getTraceId() + "/" + span.getSpanId();
	}

	private static SpanData attempt(List<SpanData> spans, int attempt) {
		return spans.stream()
			.filter((span) -> Traces.attribute(span, "messaging.kafka.delivery.attempt").equals(Integer.toString(attempt)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No attempt " + attempt + " in " + Traces.describe(spans)));
	}

	private static SpanData forwardedBy(List<SpanData> trace, SpanData failedAttempt, String topic) {
		return trace.stream()
			.filter((span) -> span.getName().equals(topic + " send") && span.getKind() == SpanKind.PRODUCER
					&& span.getParentSpanId().equals(failedAttempt.getSpanId()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No send to " + topic + " from " + failedAttempt.getName()
					+ " in " + Traces.describe(trace)));
	}

	private double discarded() {
		return this.meterRegistry.find("tracewire.traces")
			.tag("outcome", "discarded")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}
