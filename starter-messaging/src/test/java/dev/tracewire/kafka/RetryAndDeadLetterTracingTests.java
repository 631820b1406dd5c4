package dev.tracewire.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static dev.tracewire.kafka.KafkaTestApplication.PAYMENTS;
import static dev.tracewire.kafka.Traces.awaitTrace;
import static dev.tracewire.kafka.Traces.hasSpans;
import static dev.tracewire.kafka.Traces.named;
import static dev.tracewire.kafka.Traces.single;
import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @RetryableTopic} on a real broker: three attempts and the dead letter, all in the sender's trace, each
 * record with exactly one {@code traceparent}.
 */
@KafkaTracingTest
class RetryAndDeadLetterTracingTests {

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
	Captured captured;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	LeakWatch.OpenSpans openSpans;

	@Autowired
	LeakWatch.OpenKafkaObservations openObservations;

	@BeforeEach
	void reset() {
		this.captured.reset();
	}

	@Test
	void everyAttemptIsASpanInTheSendersTraceAndTheDeadLetterKeepsIt() throws Exception {
		TracedResult<SendResult<String, String>> sent = Traces.inObservation(this.observationRegistry, this.tracer,
				"checkout", () -> this.kafkaTemplate.send(PAYMENTS, "pay-1").get(10, TimeUnit.SECONDS));
		// Producer spans end when the broker acknowledges, sometimes after the record was consumed: wait for all.
		List<SpanData> trace = awaitTrace(this.spans, sent.traceId(), hasSpans(DLT + " process", SpanKind.CONSUMER, 1)
			.and(hasSpans(DLT + " send", SpanKind.PRODUCER, 1))
			.and(hasSpans(RETRY + " send", SpanKind.PRODUCER, 2))
			.and(hasSpans(PAYMENTS + " send", SpanKind.PRODUCER, 1)));

		SpanData first = single(trace, PAYMENTS + " process", SpanKind.CONSUMER);
		assertThat(first).isChildOf(single(trace, PAYMENTS + " send", SpanKind.PRODUCER))
			.hasAttribute("messaging.kafka.delivery.attempt", "1");
		List<SpanData> retries = named(trace, RETRY + " process", SpanKind.CONSUMER);
		assertThat(retries).as("retry attempts (no span for early, backed-off deliveries)").hasSize(2);
		SpanData second = attempt(retries, 2);
		SpanData third = attempt(retries, 3);
		assertThat(second).isChildOf(forwardedBy(trace, first, RETRY));
		assertThat(third).isChildOf(forwardedBy(trace, second, RETRY));
		for (SpanData attempt : List.of(first, second, third)) {
			assertThat(attempt).hasStatus(StatusCode.ERROR)
				.hasAttribute("error.type", IllegalStateException.class.getName());
		}
		// A retry names the exception that sent the record back.
		assertThat(second).hasAttribute("messaging.kafka.dlt.exception.type", IllegalStateException.class.getName());

		SpanData deadLetterSend = forwardedBy(trace, third, DLT);
		assertThat(deadLetterSend).hasAttribute("messaging.kafka.dlt.exception.type",
				IllegalStateException.class.getName());
		assertThat(single(trace, DLT + " process", SpanKind.CONSUMER)).isChildOf(deadLetterSend)
			.hasStatus(StatusCode.UNSET)
			.hasAttribute("messaging.kafka.dlt.exception.type", IllegalStateException.class.getName());
		// Early deliveries that only back off leave nothing open either.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.openObservations.names()).as("Kafka observations never stopped").isEmpty();
			assertThat(this.openSpans.names()).as("spans never ended").isEmpty();
		});
	}

	@Test
	void everyForwardedRecordCarriesExactlyOneTraceparentOfTheSendersTrace() throws Exception {
		TracedResult<SendResult<String, String>> sent = Traces.inObservation(this.observationRegistry, this.tracer,
				"checkout", () -> this.kafkaTemplate.send(PAYMENTS, "pay-2").get(10, TimeUnit.SECONDS));
		this.captured.awaitReceived(DLT, 1, (record) -> record.value().equals("pay-2"));

		List<Received> deliveries = this.captured.received.stream()
			.filter((record) -> record.value().equals("pay-2"))
			.toList();
		assertThat(deliveries).extracting(Received::topic).containsExactly(PAYMENTS, RETRY, RETRY, DLT);
		assertThat(deliveries).allSatisfy((record) -> assertThat(record.headerValues("traceparent")).singleElement()
			.asString()
			.startsWith("00-" + sent.traceId() + "-"));
	}

	@Test
	void duplicatedTraceparentStartsOneNewTraceThatRetriesAndTheDeadLetterKeep() throws Exception {
		String first = "00-11111111111111111111111111111111-1111111111111111-01";
		String second = "00-22222222222222222222222222222222-2222222222222222-01";
		ProducerRecord<String, String> record = new ProducerRecord<>(PAYMENTS, "pay-duplicated");
		record.headers().add("traceparent", first.getBytes(StandardCharsets.US_ASCII));
		record.headers().add("traceparent", second.getBytes(StandardCharsets.US_ASCII));
		try (Producer<String, String> producer = rawProducer()) {
			producer.send(record).get(10, TimeUnit.SECONDS);
		}

		Received deadLetter = this.captured.awaitReceived(DLT, 1, (received) -> received.value().equals("pay-duplicated"))
			.get(0);
		String traceId = deadLetter.traceId();
		assertThat(traceId).isNotNull().isNotIn("11111111111111111111111111111111", "22222222222222222222222222222222");
		assertThat(deadLetter.headerValues("traceparent")).singleElement().asString().startsWith("00-" + traceId + "-");
		List<SpanData> trace = awaitTrace(this.spans, traceId, hasSpans(DLT + " process", SpanKind.CONSUMER, 1));
		assertThat(single(trace, PAYMENTS + " process", SpanKind.CONSUMER)).isRoot();
		assertThat(named(trace, RETRY + " process", SpanKind.CONSUMER)).hasSize(2);
	}

	@Test
	void hostileTraceHeadersAreCleanedBeforeTheListenerSeesThemAndNeverTravelOn() throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>(PAYMENTS, "pay-hostile");
		record.headers().add("baggage", "ok=1,evil=x\r\nInjected: yes".getBytes(StandardCharsets.ISO_8859_1));
		record.headers().add("tracestate", "congo=t61rcWkgMzE".getBytes(StandardCharsets.ISO_8859_1));
		try (Producer<String, String> producer = rawProducer()) {
			producer.send(record).get(10, TimeUnit.SECONDS);
		}

		this.captured.awaitReceived(DLT, 1, (received) -> received.value().equals("pay-hostile"));
		List<Received> deliveries = this.captured.received.stream()
			.filter((received) -> received.value().equals("pay-hostile"))
			.toList();
		assertThat(deliveries).extracting(Received::topic).containsExactly(PAYMENTS, RETRY, RETRY, DLT);
		assertThat(deliveries).allSatisfy((delivery) -> {
			assertThat(delivery.headerValues("baggage")).singleElement().isEqualTo("ok=1");
			assertThat(delivery.headerValues("tracestate")).as("tracestate without a traceparent").isEmpty();
			assertThat(delivery.baggage()).containsExactly(Map.entry("ok", "1"));
		});
	}

	private Producer<String, String> rawProducer() {
		Map<String, Object> properties = KafkaTestUtils.producerProps(this.broker);
		return new DefaultKafkaProducerFactory<>(properties, new StringSerializer(), new StringSerializer())
			.createProducer();
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

}
