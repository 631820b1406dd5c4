package dev.tracewire.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tracewire.kafka.KafkaTestApplication.AsyncSender;
import dev.tracewire.kafka.KafkaTestApplication.Captured;
import dev.tracewire.kafka.KafkaTestApplication.Received;
import dev.tracewire.kafka.Traces.TracedResult;
import dev.tracewire.test.TestSpans;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import static dev.tracewire.kafka.KafkaTestApplication.ASYNC_ORDERS;
import static dev.tracewire.kafka.KafkaTestApplication.ORDERS;
import static dev.tracewire.kafka.Traces.attribute;
import static dev.tracewire.kafka.Traces.awaitTrace;
import static dev.tracewire.kafka.Traces.hasSpans;
import static dev.tracewire.kafka.Traces.single;
import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Producer and record-listener spans on a real broker: one trace from the sender to the listener, messaging
 * attributes, the trace id in the listener's and the error handler's log lines, time in queue, {@code @Async}
 * senders and send callbacks.
 */
@KafkaTracingTest
class RecordListenerTracingTests {

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
	AsyncSender asyncSender;

	@Autowired
	MeterRegistry meterRegistry;

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		this.captured.reset();
		this.logs.start();
		((Logger) LoggerFactory.getLogger("org.springframework.kafka")).addAppender(this.logs);
		((Logger) LoggerFactory.getLogger(KafkaTestApplication.LISTENER_LOGGER)).addAppender(this.logs);
	}

	@AfterEach
	void stopCapturingLogs() {
		((Logger) LoggerFactory.getLogger("org.springframework.kafka")).detachAppender(this.logs);
		((Logger) LoggerFactory.getLogger(KafkaTestApplication.LISTENER_LOGGER)).detachAppender(this.logs);
	}

	@Test
	void listenerSpanIsChildOfProducerSpanInTheSendersTrace() throws Exception {
		TracedResult<SendResult<String, String>> sent = Traces.inObservation(this.observationRegistry, this.tracer,
				"checkout", () -> this.kafkaTemplate.send(ORDERS, "order-1", "ok").get(10, TimeUnit.SECONDS));
		List<SpanData> trace = awaitTrace(this.spans, sent.traceId(), hasSpans("orders process", SpanKind.CONSUMER, 1)
			.and(hasSpans("orders send", SpanKind.PRODUCER, 1)));

		SpanData producer = single(trace, "orders send", SpanKind.PRODUCER);
		SpanData consumer = single(trace, "orders process", SpanKind.CONSUMER);
		assertThat(producer).isChildOf(single(trace, "checkout", SpanKind.INTERNAL));
		assertThat(consumer).isChildOf(producer)
			.hasAttribute("messaging.system", "kafka")
			.hasAttribute("messaging.destination.name", ORDERS)
			.hasAttribute("messaging.destination.partition.id", "0")
			.hasAttribute("messaging.kafka.offset", Long.toString(sent.result().getRecordMetadata().offset()))
			.hasAttribute("messaging.consumer.group.name", ORDERS)
			.hasAttribute("messaging.kafka.delivery.attempt", "1")
			.hasAttributeKey("messaging.kafka.time_in_queue.ms");
		assertThat(Long.parseLong(attribute(consumer, "messaging.kafka.time_in_queue.ms"))).isBetween(0L, 20_000L);
	}

	@Test
	void recordCarriesExactlyOneTraceparentNamingTheProducerSpan() throws Exception {
		TracedResult<SendResult<String, String>> sent = Traces.inObservation(this.observationRegistry, this.tracer,
				"checkout", () -> this.kafkaTemplate.send(ORDERS, "ok").get(10, TimeUnit.SECONDS));
		Received received = this.captured.awaitReceived(ORDERS, 1, (record) -> sent.traceId().equals(record.traceId()))
			.get(0);
		List<SpanData> trace = awaitTrace(this.spans, sent.traceId(), hasSpans("orders process", SpanKind.CONSUMER, 1)
			.and(hasSpans("orders send", SpanKind.PRODUCER, 1)));

		SpanData producer = single(trace, "orders send", SpanKind.PRODUCER);
		assertThat(received.headerValues("traceparent")).singleElement()
			.asString()
			.startsWith("00-" + sent.traceId() + "-" + producer.getSpanId() + "-");
	}

	@Test
	void logLinesOfTheListenerCarryTheTraceId() throws Exception {
		TracedResult<SendResult<String, String>> sent = Traces.inObservation(this.observationRegistry, this.tracer,
				"checkout", () -> this.kafkaTemplate.send(ORDERS, "ok").get(10, TimeUnit.SECONDS));
		Received received = this.captured.awaitReceived(ORDERS, 1, (record) -> sent.traceId().equals(record.traceId()))
			.get(0);

		assertThat(received.mdcTraceId()).isEqualTo(sent.traceId());
		await().untilAsserted(() -> assertThat(logEvents()).anySatisfy((event) -> {
			assertThat(event.getFormattedMessage()).isEqualTo("processing an order");
			assertThat(event.getMDCPropertyMap()).containsEntry("traceId", sent.traceId());
		}));
	}

	@Test
	void errorHandlerLogLinesCarryTheTraceIdAndFailedAttemptsRecordTheError() throws Exception {
		TracedResult<SendResult<String, String>> sent = Traces.inObservation(this.observationRegistry, this.tracer,
				"checkout", () -> this.kafkaTemplate.send(ORDERS, "fail").get(10, TimeUnit.SECONDS));
		String failedRecord = ORDERS + "-0@" + sent.result().getRecordMetadata().offset();

		await().untilAsserted(() -> assertThat(logEvents()).anySatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.ERROR);
			assertThat(event.getLoggerName()).startsWith("org.springframework.kafka");
			assertThat(event.getFormattedMessage()).contains(failedRecord);
			assertThat(event.getMDCPropertyMap()).containsEntry("traceId", sent.traceId());
		}));
		// One delivery and one retry, both in the sender's trace.
		List<SpanData> trace = awaitTrace(this.spans, sent.traceId(), hasSpans("orders process", SpanKind.CONSUMER, 2)
			.and(hasSpans("orders send", SpanKind.PRODUCER, 1)));
		List<SpanData> attempts = Traces.named(trace, "orders process", SpanKind.CONSUMER);
		assertThat(attempts).hasSize(2);
		for (SpanData attempt : attempts) {
			assertThat(attempt).isChildOf(single(trace, "orders send", SpanKind.PRODUCER))
				.hasStatus(StatusCode.ERROR)
				.hasAttribute("error.type", IllegalStateException.class.getName())
				.hasEventNamed("exception");
		}
	}

	@Test
	void timeInQueueIsATimerPerTopic() throws Exception {
		this.kafkaTemplate.send(ORDERS, "ok").get(10, TimeUnit.SECONDS);
		this.captured.awaitReceived(ORDERS, 1);

		await().untilAsserted(() -> {
			Timer timer = this.meterRegistry.find(MeterRegistryTimeInQueueRecorder.METER_NAME)
				.tags("messaging.destination.name", ORDERS, "messaging.consumer.group.name", ORDERS)
				.timer();
			assertThat(timer).isNotNull();
			assertThat(timer.count()).isPositive();
		});
	}

	@Test
	void sendFromAnAsyncMethodKeepsTheCallersTrace() throws Exception {
		TracedResult<SendResult<String, String>> sent = Traces.inObservation(this.observationRegistry, this.tracer,
				"checkout", () -> this.asyncSender.send(ASYNC_ORDERS, "async").get(10, TimeUnit.SECONDS));
		List<SpanData> trace = awaitTrace(this.spans, sent.traceId(),
				hasSpans("async-orders process", SpanKind.CONSUMER, 1)
					.and(hasSpans("async-orders send", SpanKind.PRODUCER, 1))
					.and(hasSpans("send", SpanKind.INTERNAL, 1)));

		// The core starter gives the @Async invocation a span named after the method, child of the caller's.
		SpanData asyncMethod = single(trace, "send", SpanKind.INTERNAL);
		assertThat(asyncMethod).isChildOf(single(trace, "checkout", SpanKind.INTERNAL));
		SpanData producer = single(trace, "async-orders send", SpanKind.PRODUCER);
		assertThat(producer).isChildOf(asyncMethod);
		assertThat(single(trace, "async-orders process", SpanKind.CONSUMER)).isChildOf(producer);
	}

	@Test
	void sendCallbacksRunInTheSendersTrace() throws Exception {
		CompletableFuture<Map<String, String>> seenByCallback = new CompletableFuture<>();
		TracedResult<Object> sent = Traces.inObservation(this.observationRegistry, this.tracer, "checkout", () -> {
			this.kafkaTemplate.send(ORDERS, "ok").whenComplete((result, failure) -> {
				Span current = this.tracer.currentSpan();
				seenByCallback.complete(Map.of("span", (current != null) ? current.context().traceId() : "none",
						"mdc", String.valueOf(MDC.get("traceId"))));
			});
			return "sent";
		});

		assertThat(seenByCallback.get(10, TimeUnit.SECONDS)).containsEntry("span", sent.traceId())
			.containsEntry("mdc", sent.traceId());
	}

	// Appenders add under their own lock, from the listener threads.
	private List<ILoggingEvent> logEvents() {
		synchronized (this.logs) {
			return new ArrayList<>(this.logs.list);
		}
	}

}
