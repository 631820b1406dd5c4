package dev.tracewire.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracewire.kafka.Traces.TracedResult;
import dev.tracewire.test.TestSpans;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.SendResult;
import org.springframework.test.context.TestPropertySource;

import static dev.tracewire.kafka.KafkaTestApplication.ORDERS;
import static dev.tracewire.kafka.Traces.awaitTrace;
import static dev.tracewire.kafka.Traces.hasSpans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deferred keep across Kafka with nothing sampled: a record listener that fails keeps its own part of the trace
 * (every failed delivery attempt, under the producer's span context), while the producer's side, which ended before
 * the consumer failed, is not exported; a record processed without error leaves nothing.
 */
@KafkaTracingTest
@TestPropertySource(properties = "tracewire.sampling.probability=0")
class DeferredKeepKafkaTests {

	private static final AttributeKey<String> KEPT = AttributeKey.stringKey("tracewire.sampling.kept");

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
		TracedResult<SendResult<String, String>> sent = Traces.inObservation(this.observationRegistry, this.tracer,
				"checkout", () -> this.kafkaTemplate.send(ORDERS, "fine").get(10, TimeUnit.SECONDS));
		// The sender's part and the listener's part are each discarded once they end.
		await().atMost(Duration.ofSeconds(20)).until(() -> discarded() >= discardedBefore + 2);
		assertThat(this.spans.finished()).noneMatch((span) -> span.getTraceId().equals(sent.traceId()));
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
