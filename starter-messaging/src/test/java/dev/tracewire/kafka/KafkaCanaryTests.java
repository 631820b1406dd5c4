package dev.tracewire.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracewire.kafka.KafkaTestApplication.Captured;
import dev.tracewire.test.TestSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.utils.ContainerTestUtils;

import static dev.tracewire.kafka.KafkaTestApplication.BATCH_ORDERS;
import static dev.tracewire.kafka.KafkaTestApplication.ORDERS;
import static dev.tracewire.kafka.KafkaTestApplication.PAYMENTS;
import static dev.tracewire.kafka.KafkaTestApplication.POISON;
import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Record keys, values, application headers and baggage never reach an exported span, on any path: record and
 * batch listeners, failures, retries, dead letters and re-publishing.
 */
@KafkaTracingTest
class KafkaCanaryTests {

	private static final String KEY = "canary-key-4f1d";

	private static final String VALUE = "canary-value-9b2e";

	private static final String SECRET = "canary-secret-77c3";

	private static final String BAGGAGE = "canary-baggage-a51c";

	@Autowired
	KafkaTemplate<String, String> kafkaTemplate;

	@Autowired
	TestSpans spans;

	@Autowired
	Captured captured;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@BeforeEach
	void reset() {
		this.captured.reset();
	}

	@Test
	void keysValuesHeadersAndBaggageOfRecordsAreNeverExported() throws Exception {
		ContainerTestUtils.waitForAssignment(this.listeners.getListenerContainer(BATCH_ORDERS), 1);
		send(ORDERS, VALUE);
		send(ORDERS, "fail-" + VALUE);
		send(BATCH_ORDERS, VALUE);
		send(PAYMENTS, VALUE);
		send(POISON, VALUE);

		this.captured.awaitReceived(ORDERS, 2, (record) -> record.value().contains(VALUE));
		this.captured.awaitReceived(BATCH_ORDERS, 1, (record) -> record.value().contains(VALUE));
		this.captured.awaitReceived(POISON, 1, (record) -> record.value().contains(VALUE));
		this.captured.awaitReceived(PAYMENTS + "-dlt", 1, (record) -> record.value().contains(VALUE));
		List<SpanData> finished = await().atMost(20, TimeUnit.SECONDS).until(this.spans::finished,
				(spans) -> hasSpan(spans, ORDERS + " process") && hasSpan(spans, BATCH_ORDERS + " batch process")
						&& hasSpan(spans, BATCH_ORDERS + " process") && hasSpan(spans, PAYMENTS + "-retry process")
						&& hasSpan(spans, PAYMENTS + "-dlt process") && hasSpan(spans, PAYMENTS + "-dlt send")
						&& hasSpan(spans, "poison-echo send"));

		assertThat(finished).hasSpan(ORDERS + " process", SpanKind.CONSUMER)
			.containsNoText(KEY, VALUE, SECRET, BAGGAGE);
		// The baggage was live in the listener's trace context (it travelled on with the re-published record).
		org.assertj.core.api.Assertions.assertThat(this.captured.echoes.values())
			.anySatisfy((headers) -> org.assertj.core.api.Assertions.assertThat(headers)
				.anySatisfy((header) -> org.assertj.core.api.Assertions
					.assertThat(new String(header.value(), StandardCharsets.UTF_8))
					.contains(BAGGAGE)));
	}

	private static boolean hasSpan(List<SpanData> spans, String name) {
		return spans.stream().anyMatch((span) -> span.getName().equals(name));
	}

	private void send(String topic, String value) throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>(topic, KEY, value);
		record.headers().add("x-api-key", SECRET.getBytes(StandardCharsets.UTF_8));
		record.headers().add("baggage", ("session=" + BAGGAGE).getBytes(StandardCharsets.UTF_8));
		this.kafkaTemplate.send(record).get(10, TimeUnit.SECONDS);
	}

}
