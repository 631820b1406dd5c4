package dev.tracewire.sample.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
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
 * The analytics service against a real broker and a real PostgreSQL: records sent as order-service sends them
 * (with a {@code traceparent}), the aggregates it writes, and the spans our starters make of its batches (no
 * tracing code in the service): each record's span in its own order's trace, linked to the batch span under which
 * the JDBC batches and the {@code @Async} refresh run.
 */
@SpringBootTest(properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
		"tracewire.export.zipkin.enabled=false" })
@EmbeddedKafka(topics = "shop.orders", partitions = 1, brokerProperties = {
		"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=1" })
@TracewireTest
class AnalyticsServiceTests {

	private static final String CALLER_SPAN_ID = OrderProducer.CALLER_SPAN_ID;

	private static final String RECORD_SPAN = "shop.orders process";

	private static final String BATCH_SPAN = "shop.orders batch process";

	// The core starter's span around each @Async invocation, named after the method.
	private static final String REFRESH_SPAN = "refresh-top-sellers";

	private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(30);

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
		this.faults.set(Dashboard.SILENT_FAILURE, false);
	}

	@Test
	void eachOrderHasASpanInItsOwnTraceAndItsBatchWritesTheAggregates() throws Exception {
		String sku = newSku();
		List<String> traceIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			traceIds.add(send(order(sku, 2)));
		}

		for (String traceId : traceIds) {
			List<SpanData> trace = awaitTrace(traceId, (spans) -> count(spans, RECORD_SPAN) == 1);
			SpanData record = single(trace, RECORD_SPAN, SpanKind.CONSUMER);
			assertThat(record).hasAttribute("messaging.consumer.group.name", "analytics");
			assertNotFailed(record);
			assertThat(record.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);

			SpanData batch = batchOf(record);
			List<SpanData> batchTrace = awaitTrace(batch.getTraceId(), (spans) -> count(spans, REFRESH_SPAN) == 1
					&& count(spans, "SELECT sales_by_sku") == 1);
			assertThat(batchTrace.stream().filter((span) -> span.getKind() == SpanKind.CLIENT
					&& (span.getName().endsWith("INSERT sales_by_sku")
							|| span.getName().endsWith("INSERT orders_by_minute"))))
				.hasSize(2)
				.allSatisfy((statement) -> assertThat(statement).isChildOf(batch));
			SpanData refresh = single(batchTrace, REFRESH_SPAN, SpanKind.INTERNAL);
			assertThat(refresh).isChildOf(batch);
			assertThat(single(batchTrace, "SELECT sales_by_sku", SpanKind.CLIENT)).isChildOf(refresh);
		}
		assertThat(this.jdbc.sql("SELECT quantity FROM sales_by_sku WHERE sku = ?").param(sku).query(Long.class).single())
			.isEqualTo(6);
	}

	@Test
	void failingDashboardRefreshIsAnErrorSpanUnderTheBatchThatSucceeded() throws Exception {
		this.faults.set(Dashboard.SILENT_FAILURE, true);
		String traceId = send(order(newSku(), 1));

		SpanData record = single(awaitTrace(traceId, (spans) -> count(spans, RECORD_SPAN) == 1), RECORD_SPAN,
				SpanKind.CONSUMER);
		assertNotFailed(record);
		SpanData batch = batchOf(record);
		assertNotFailed(batch);
		List<SpanData> batchTrace = awaitTrace(batch.getTraceId(), (spans) -> count(spans, REFRESH_SPAN) == 1);
		assertThat(single(batchTrace, REFRESH_SPAN, SpanKind.INTERNAL)).isChildOf(batch)
			.hasStatus(StatusCode.ERROR)
			.hasEventNamed("exception");
	}

	@Test
	void malformedRecordIsSkippedAndTheRestIsCounted() throws Exception {
		String malformed = send("[\"not an order\"]");
		String sku = newSku();
		String valid = send(order(sku, 3));

		awaitTrace(valid, (spans) -> count(spans, RECORD_SPAN) == 1);
		await().atMost(TRACE_TIMEOUT)
			.until(() -> this.jdbc.sql("SELECT quantity FROM sales_by_sku WHERE sku = ?").param(sku).query(Long.class)
				.optional(), (quantity) -> quantity.filter((value) -> value == 3).isPresent());
		SpanData skipped = single(awaitTrace(malformed, (spans) -> count(spans, RECORD_SPAN) == 1), RECORD_SPAN,
				SpanKind.CONSUMER);
		assertNotFailed(skipped);
	}

	private static String order(String sku, int quantity) {
		return """
				{"orderId":"%s","customerId":"c-1","email":"c-1@example.com","total":%s,"currency":"EUR",
				 "items":[{"sku":"%s","quantity":%d,"unitPrice":10.00}],"placedAt":"2026-11-22T10:00:00Z"}"""
			.formatted(UUID.randomUUID(), BigDecimal.TEN.multiply(BigDecimal.valueOf(quantity)), sku, quantity);
	}

	private static String send(String value) throws Exception {
		return producer.send("order", value);
	}

	// The batch span a record span links to, once it has ended.
	private SpanData batchOf(SpanData record) {
		assertThat(record.getLinks()).hasSize(1);
		String batchSpanId = record.getLinks().get(0).getSpanContext().getSpanId();
		return await().atMost(TRACE_TIMEOUT)
			.until(() -> this.spans.finished().stream()
				.filter((span) -> span.getSpanId().equals(batchSpanId))
				.findFirst(), java.util.Optional::isPresent)
			.filter((span) -> span.getName().equals(BATCH_SPAN) && span.getKind() == SpanKind.CONSUMER)
			.orElseThrow(() -> new AssertionError("The linked span is not a batch span"));
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

	private static String newSku() {
		return "T-" + UUID.randomUUID().toString().substring(0, 8);
	}

	// Micrometer ends spans without an error as OK, or leaves them UNSET (spans continuing a remote parent).
	private static void assertNotFailed(SpanData span) {
		assertThat(span.getStatus().getStatusCode()).as("status of '%s'", span.getName())
			.isNotEqualTo(StatusCode.ERROR);
	}

}
