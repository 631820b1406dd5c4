package dev.tracewire.sample.notification;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import dev.tracewire.sample.faults.Faults;
import dev.tracewire.sample.testsupport.OrderProducer;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The notification service against a real broker: records sent as order-service sends them (with a
 * {@code traceparent}), and the spans our starters make of the listener, its retries, its dead letters and the
 * {@code @Async} e-mail (no tracing code in the service).
 */
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
		"tracewire.export.zipkin.enabled=false" })
@EmbeddedKafka(topics = "shop.orders", partitions = 1, brokerProperties = {
		"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=1" })
@TracewireTest
class NotificationServiceTests {

	private static final String CALLER_SPAN_ID = OrderProducer.CALLER_SPAN_ID;

	private static final String LISTENER_SPAN = "shop.orders process";

	private static final String RETRY_SPAN = "shop.orders-notification-retry process";

	private static final String DEAD_LETTER_SPAN = "shop.orders-notification-dlt process";

	// The core starter's span around each @Async invocation, named after the method.
	private static final String MAIL_SPAN = "send-confirmation";

	private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(30);

	private static OrderProducer producer;

	@Autowired
	TestSpans spans;

	@Autowired
	Faults faults;

	@BeforeAll
	static void producer(@Autowired EmbeddedKafkaBroker broker) {
		producer = OrderProducer.connect(broker.getBrokersAsString());
	}

	@AfterAll
	static void closeProducer() {
		if (producer != null) {
			producer.close();
		}
	}

	@AfterEach
	void faultsOff() {
		this.faults.set(OrderConfirmationListener.FAILING, false);
	}

	@Test
	void confirmationIsSentFireAndForgetInASpanUnderTheListener() throws Exception {
		String traceId = send(order("c-1@example.com"));

		List<SpanData> trace = awaitTrace(traceId, (spans) -> count(spans, MAIL_SPAN) == 1);
		SpanData listener = single(trace, LISTENER_SPAN, SpanKind.CONSUMER);
		assertThat(listener).hasTraceId(traceId).hasAttribute("messaging.consumer.group.name", "notification");
		assertNotFailed(listener);
		assertThat(listener.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
		SpanData mail = single(trace, MAIL_SPAN, SpanKind.INTERNAL);
		assertThat(mail).isChildOf(listener);
		assertNotFailed(mail);
	}

	@Test
	void bouncedConfirmationIsAnErrorSpanThoughTheListenerSucceeded() throws Exception {
		String traceId = send(order("c-2@bounce.example"));

		List<SpanData> trace = awaitTrace(traceId, (spans) -> count(spans, MAIL_SPAN) == 1);
		SpanData listener = single(trace, LISTENER_SPAN, SpanKind.CONSUMER);
		assertNotFailed(listener);
		assertThat(single(trace, MAIL_SPAN, SpanKind.INTERNAL)).isChildOf(listener)
			.hasStatus(StatusCode.ERROR)
			.hasEventNamed("exception");
	}

	@Test
	void failingListenerIsRetriedTwiceThenDeadLetteredInTheOrdersTrace() throws Exception {
		this.faults.set(OrderConfirmationListener.FAILING, true);
		String traceId = send(order("c-3@example.com"));

		List<SpanData> trace = awaitTrace(traceId, (spans) -> count(spans, DEAD_LETTER_SPAN) == 1);
		SpanData main = single(trace, LISTENER_SPAN, SpanKind.CONSUMER);
		assertThat(main).hasStatus(StatusCode.ERROR).hasAttribute("messaging.kafka.delivery.attempt", "1");
		List<SpanData> retries = trace.stream().filter((span) -> span.getName().equals(RETRY_SPAN)).toList();
		assertThat(retries.stream()
			.map((span) -> span.getAttributes().get(AttributeKey.stringKey("messaging.kafka.delivery.attempt"))))
			.containsExactlyInAnyOrder("2", "3");
		for (SpanData retry : retries) {
			assertThat(retry).hasStatus(StatusCode.ERROR);
		}
		assertThat(single(trace, DEAD_LETTER_SPAN, SpanKind.CONSUMER))
			.hasAttribute("messaging.kafka.dlt.exception.type", IllegalStateException.class.getName());
		assertThat(count(trace, MAIL_SPAN)).isZero();
	}

	@Test
	void malformedRecordGoesToTheDeadLetterTopicWithoutRetries() throws Exception {
		String traceId = send("{\"orderId\": \"cut short");

		List<SpanData> trace = awaitTrace(traceId, (spans) -> count(spans, DEAD_LETTER_SPAN) == 1);
		assertThat(single(trace, LISTENER_SPAN, SpanKind.CONSUMER)).hasStatus(StatusCode.ERROR);
		assertThat(count(trace, RETRY_SPAN)).isZero();
	}

	private static String order(String email) {
		return """
				{"orderId":"%s","customerId":"c-1","email":"%s","total":20.00,"currency":"EUR",
				 "items":[{"sku":"SKU-1","quantity":2,"unitPrice":10.00}],"placedAt":"2026-11-22T10:00:00Z"}"""
			.formatted(UUID.randomUUID(), email);
	}

	private static String send(String value) throws Exception {
		return producer.send("order", value);
	}

	private List<SpanData> awaitTrace(String traceId, Predicate<List<SpanData>> complete) {
		return await().atMost(TRACE_TIMEOUT)
			.until(() -> this.spans.finished().stream().filter((span) -> span.getTraceId().equals(traceId)).toList(),
					complete);
	}

	private static long count(List<SpanData> spans, String name) {
		return spans.stream().filter((span) -> span.getName().equals(name)).count();
	}

	private static SpanData single(List<SpanData> spans, String name, SpanKind kind) {
		List<SpanData> matches = spans.stream()
			.filter((span) -> span.getName().equals(name) && span.getKind() == kind)
			.toList();
		assertThat(matches).as("spans named '%s' of kind %s", name, kind).hasSize(1);
		return matches.get(0);
	}

	// Micrometer ends spans without an error as OK, or leaves them UNSET (spans continuing a remote parent).
	private static void assertNotFailed(SpanData span) {
		assertThat(span.getStatus().getStatusCode()).as("status of '%s'", span.getName())
			.isNotEqualTo(StatusCode.ERROR);
	}

}
