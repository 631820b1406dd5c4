package dev.tracewire.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracewire.kafka.Traces.TracedResult;
import dev.tracewire.test.TestSpans;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.messaging.converter.MessageConversionException;

import static dev.tracewire.kafka.KafkaTestApplication.CONVERSIONS;
import static dev.tracewire.kafka.KafkaTestApplication.UNCONVERTIBLE;
import static dev.tracewire.kafka.Traces.awaitTrace;
import static dev.tracewire.kafka.Traces.hasSpans;
import static dev.tracewire.kafka.Traces.single;
import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record that fails before spring-kafka's listener adapter sees it (here, in the message converter of a
 * container factory the application built itself): spring-kafka never stops that observation; Tracewire does.
 */
@KafkaTracingTest
class ObservationLeakTests {

	@Autowired
	KafkaTemplate<String, String> kafkaTemplate;

	@Autowired
	ObservationRegistry observationRegistry;

	@Autowired
	Tracer tracer;

	@Autowired
	TestSpans spans;

	@Autowired
	LeakWatch.OpenSpans openSpans;

	@Autowired
	LeakWatch.OpenKafkaObservations openObservations;

	@Test
	void observationOfARecordFailingBeforeTheListenerEndsWithTheError() throws Exception {
		TracedResult<SendResult<String, String>> sent = Traces.inObservation(this.observationRegistry, this.tracer,
				"checkout", () -> this.kafkaTemplate.send(CONVERSIONS, UNCONVERTIBLE).get(10, TimeUnit.SECONDS));

		// Conversion failures are not retried: one delivery, ended with its error.
		List<SpanData> trace = awaitTrace(this.spans, sent.traceId(),
				hasSpans(CONVERSIONS + " process", SpanKind.CONSUMER, 1)
					.and(hasSpans(CONVERSIONS + " send", SpanKind.PRODUCER, 1)));
		assertThat(single(trace, CONVERSIONS + " process", SpanKind.CONSUMER))
			.isChildOf(single(trace, CONVERSIONS + " send", SpanKind.PRODUCER))
			.hasStatus(StatusCode.ERROR)
			.hasAttribute("error.type", MessageConversionException.class.getName());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.openObservations.names()).as("Kafka observations never stopped").isEmpty();
			assertThat(this.openSpans.names()).as("spans never ended").isEmpty();
		});
	}

	@Test
	void containerFactoryBuiltByTheApplicationIsTraced() throws Exception {
		TracedResult<SendResult<String, String>> sent = Traces.inObservation(this.observationRegistry, this.tracer,
				"checkout", () -> this.kafkaTemplate.send(CONVERSIONS, "fine").get(10, TimeUnit.SECONDS));

		List<SpanData> trace = awaitTrace(this.spans, sent.traceId(),
				hasSpans(CONVERSIONS + " process", SpanKind.CONSUMER, 1)
					.and(hasSpans(CONVERSIONS + " send", SpanKind.PRODUCER, 1)));
		assertThat(single(trace, CONVERSIONS + " process", SpanKind.CONSUMER))
			.isChildOf(single(trace, CONVERSIONS + " send", SpanKind.PRODUCER))
			.hasStatus(StatusCode.UNSET)
			.hasAttribute("messaging.kafka.delivery.attempt", "1");
	}

}
