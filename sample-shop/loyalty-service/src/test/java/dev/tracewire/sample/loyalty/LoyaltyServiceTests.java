package dev.tracewire.sample.loyalty;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import dev.tracewire.sample.faults.Faults;
import dev.tracewire.sample.testsupport.EmbeddedPostgresServer;
import dev.tracewire.sample.testsupport.OrderProducer;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loyalty service against a real broker and a real PostgreSQL: records sent as order-service sends them (with
 * a {@code traceparent}), the points it credits, and the spans our starters make of it (no tracing code in the
 * service).
 */
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
		"tracewire.export.zipkin.enabled=false" })
@EmbeddedKafka(topics = "shop.orders", partitions = 1, brokerProperties = {
		"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=1" })
@TracewireTest
class LoyaltyServiceTests {

	private static final String CALLER_SPAN_ID = OrderProducer.CALLER_SPAN_ID;

	private static final String LISTENER_SPAN = "shop.orders process";

	private static OrderProducer producer;

	@Autowired
	TestSpans spans;

	@Autowired
	Faults faults;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
	}

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
		this.faults.set(OrderPlacedListener.N_PLUS_ONE, false);
	}

	@Test
	void creditsPointsOnceInTheOrdersTraceWithOneBonusQuery() throws Exception {
		String orderId = newId();
		String customerId = newId();
		String json = order(orderId, customerId, 2);
		String traceId = send(orderId, json);

		List<SpanData> trace = awaitTrace(traceId, (spans) -> count(spans, "INSERT customer_points") == 1);
		SpanData listener = single(trace, LISTENER_SPAN, SpanKind.CONSUMER);
		assertThat(listener).hasTraceId(traceId).hasAttribute("messaging.consumer.group.name", "loyalty");
		assertNotFailed(listener);
		assertThat(listener.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
		for (String statement : List.of("SELECT sku_bonus", "INSERT points_ledger", "INSERT customer_points")) {
			assertThat(single(trace, statement, SpanKind.CLIENT)).isChildOf(listener);
		}
		// SKU-1 x1 at 10.00 (bonus 1) + SKU-8 x2 at 10.00 (bonus 3): 70 points.
		assertThat(balance(customerId)).isEqualTo(70);

		String redelivery = send(orderId, json);
		awaitTrace(redelivery, (spans) -> count(spans, "INSERT points_ledger") == 1
				&& count(spans, LISTENER_SPAN) == 1);
		assertThat(balance(customerId)).as("a redelivered order earns nothing twice").isEqualTo(70);
	}

	@Test
	void nPlusOneFaultLoadsEachBonusOnItsOwnAndTheJdbcStarterFlagsTheListenerSpan() throws Exception {
		this.faults.set(OrderPlacedListener.N_PLUS_ONE, true);
		String orderId = newId();
		String traceId = send(orderId, order(orderId, newId(), 6));

		List<SpanData> trace = awaitTrace(traceId, (spans) -> count(spans, "INSERT customer_points") == 1);
		SpanData listener = single(trace, LISTENER_SPAN, SpanKind.CONSUMER);
		assertThat(trace.stream().filter((span) -> span.getName().equals("SELECT sku_bonus")))
			.hasSize(6)
			.allSatisfy((select) -> assertThat(select).isChildOf(listener));
		assertThat(listener).hasEventNamed("jdbc.n_plus_one").hasAttribute("tracewire.jdbc.n_plus_one", true);
	}

	@Test
	void malformedRecordIsSkippedAndTheNextOneIsCredited() throws Exception {
		String skipped = send(newId(), "{\"orderId\": \"no items, no customer\"");
		String orderId = newId();
		String customerId = newId();
		String traceId = send(orderId, order(orderId, customerId, 1));

		awaitTrace(traceId, (spans) -> count(spans, "INSERT customer_points") == 1);
		assertThat(balance(customerId)).isEqualTo(10);
		List<SpanData> skippedTrace = awaitTrace(skipped, (spans) -> count(spans, LISTENER_SPAN) == 1);
		assertNotFailed(single(skippedTrace, LISTENER_SPAN, SpanKind.CONSUMER));
		assertThat(skippedTrace).hasSize(1);
	}

	// Lines of SKU-1 and SKU-8 alternately, one of each product, 10.00 each; the second line has quantity 2.
	private static String order(String orderId, String customerId, int lines) {
		StringBuilder items = new StringBuilder();
		for (int line = 0; line < lines; line++) {
			String sku = (line < 2) ? ((line == 0) ? "SKU-1" : "SKU-8") : "SKU-" + (line);
			items.append((line > 0) ? "," : "")
				.append("{\"sku\":\"%s\",\"quantity\":%d,\"unitPrice\":10.00}".formatted(sku, (line == 1) ? 2 : 1));
		}
		return """
				{"orderId":"%s","customerId":"%s","email":"%s@example.com","total":30.00,"currency":"EUR",
				 "items":[%s],"placedAt":"2026-11-22T10:00:00Z"}""".formatted(orderId, customerId, customerId, items);
	}

	private static String send(String key, String value) throws Exception {
		return producer.send(key, value);
	}

	private List<SpanData> awaitTrace(String traceId, Predicate<List<SpanData>> complete) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> this.spans.finished().stream().filter((span) -> span.getTraceId().equals(traceId)).toList(),
					complete);
	}

	private long balance(String customerId) {
		return this.jdbc.sql("SELECT balance FROM customer_points WHERE customer_id = ?")
			.param(customerId)
			.query(Long.class)
			.single();
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

	private static String newId() {
		return UUID.randomUUID().toString();
	}

	// Micrometer ends spans without an error as OK, or leaves them UNSET (spans continuing a remote parent).
	private static void assertNotFailed(SpanData span) {
		assertThat(span.getStatus().getStatusCode()).as("status of '%s'", span.getName())
			.isNotEqualTo(StatusCode.ERROR);
	}

}
