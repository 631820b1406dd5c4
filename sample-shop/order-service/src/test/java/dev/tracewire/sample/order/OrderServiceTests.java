package dev.tracewire.sample.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import dev.tracewire.sample.testsupport.EmbeddedPostgresServer;
import dev.tracewire.sample.testsupport.StubService;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * order-service against a real PostgreSQL and a real KRaft broker in this JVM, with inventory-service and
 * payment-service replaced by stubs that record the {@code traceparent} they receive. The tracing comes from the
 * starters alone: these tests prove that the checkout is one trace, with the blocking RestTemplate call and the
 * JDBC statements on {@code boundedElastic} in it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.payment.timeout=1500ms", "tracewire.export.zipkin.enabled=false" })
@EmbeddedKafka(topics = OrderEvents.TOPIC, partitions = 1)
@TracewireTest
class OrderServiceTests {

	private static final String RESERVATION = """
			{"reservationId":"r-1","items":[{"sku":"SKU-1","quantity":2,"unitPrice":9.99}],"total":19.98}""";

	private static final String ORDER = """
			{"customerId":"c-1","email":"c-1@example.com","items":[{"sku":"SKU-1","quantity":2}]}""";

	private static final StubService inventory = StubService.start(Map.of("POST /reservations",
			StubService.Answer.of(200, RESERVATION), "DELETE /reservations/", StubService.Answer.of(204, "")));

	private static final StubService payment = StubService.start(
			Map.of("POST /charges", StubService.Answer.of(201, "{\"chargeId\":\"ch-1\",\"status\":\"APPROVED\"}")));

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Autowired
	PaymentClient paymentClient;

	@Autowired
	EmbeddedKafkaBroker broker;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("shop.inventory.url", inventory::url);
		registry.add("shop.payment.url", payment::url);
	}

	@BeforeEach
	void reset() {
		inventory.reset();
		payment.reset();
		this.paymentClient.circuitBreaker().reset();
	}

	@Test
	void checkoutIsOneTraceWithPaymentJdbcAndKafkaUnderTheServerSpan() {
		String traceId = newTraceId();
		HttpResponse<String> response = post("/orders", ORDER, "00-" + traceId + "-00f067aa0ba902b7-01");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		JsonNode placed = json.readTree(response.body());
		assertThat(placed.path("status").asString()).isEqualTo("CONFIRMED");
		assertThat(placed.path("total").decimalValue()).isEqualByComparingTo("19.98");
		String orderId = placed.path("orderId").asString();

		List<SpanData> trace = awaitTrace(traceId, (spans) -> count(spans, SpanKind.SERVER) == 1
				&& count(spans, SpanKind.PRODUCER) == 1 && count(spans, SpanKind.CLIENT) >= 4);
		assertThat(trace).hasExactlyOneTrace();
		SpanData server = single(trace, SpanKind.SERVER);
		assertThat(server).hasName("http post /orders");
		assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");

		SpanData reservation = httpClientSpan(trace, inventory, "/reservations");
		SpanData charge = httpClientSpan(trace, payment, "/charges");
		assertThat(reservation).isChildOf(server);
		assertThat(charge).isChildOf(server);
		assertThat(inventory.requests("POST /reservations").get(0).traceparent())
			.isEqualTo("00-" + traceId + "-" + reservation.getSpanId() + "-01");
		assertThat(payment.requests("POST /charges").get(0).traceparent())
			.isEqualTo("00-" + traceId + "-" + charge.getSpanId() + "-01");

		assertThat(trace).span("INSERT orders", SpanKind.CLIENT).isChildOf(server);
		assertThat(trace).span("INSERT order_lines", SpanKind.CLIENT).isChildOf(server);
		SpanData producer = single(trace, SpanKind.PRODUCER);
		assertThat(producer).hasName(OrderEvents.TOPIC + " send").isChildOf(server);

		ConsumerRecord<String, String> record = consume(orderId);
		JsonNode event = json.readTree(record.value());
		assertThat(event.path("customerId").asString()).isEqualTo("c-1");
		assertThat(event.path("email").asString()).isEqualTo("c-1@example.com");
		assertThat(event.path("currency").asString()).isEqualTo("EUR");
		assertThat(event.path("total").decimalValue()).isEqualByComparingTo("19.98");
		assertThat(event.path("items").get(0).path("unitPrice").decimalValue()).isEqualByComparingTo("9.99");
		assertThat(event.path("placedAt").asString()).isNotEmpty();
		Header traceparent = record.headers().lastHeader("traceparent");
		assertThat(new String(traceparent.value())).isEqualTo("00-" + traceId + "-" + producer.getSpanId() + "-01");
	}

	@Test
	void placedOrderIsReadBackAndUnknownOrdersAre404() {
		HttpResponse<String> placed = post("/orders", ORDER, null);
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		String orderId = json.readTree(placed.body()).path("orderId").asString();

		HttpResponse<String> found = get("/orders/" + orderId);
		assertThat(found.statusCode()).isEqualTo(200);
		JsonNode order = json.readTree(found.body());
		assertThat(order.path("orderId").asString()).isEqualTo(orderId);
		assertThat(order.path("customerId").asString()).isEqualTo("c-1");
		assertThat(order.path("status").asString()).isEqualTo("CONFIRMED");
		assertThat(order.path("total").decimalValue()).isEqualByComparingTo("19.98");
		assertThat(order.path("items").get(0).path("sku").asString()).isEqualTo("SKU-1");
		assertThat(order.path("items").get(0).path("quantity").asInt()).isEqualTo(2);

		assertThat(get("/orders/no-such-order").statusCode()).isEqualTo(404);
	}

	@Test
	void outOfStockIs409WithoutAnyPayment() {
		inventory.answer("POST /reservations", StubService.Answer.of(409, "{\"reason\":\"SKU-1: only 1 left\"}"));
		HttpResponse<String> response = post("/orders", ORDER, null);
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(failure(response)).containsExactly("REJECTED", "SKU-1: only 1 left");
		assertThat(payment.requests("POST")).isEmpty();
	}

	@Test
	void unreachableOrFailingInventoryIs503() {
		inventory.answer("POST /reservations", StubService.Answer.of(500, ""));
		HttpResponse<String> response = post("/orders", ORDER, null);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(failure(response).get(0)).isEqualTo("INVENTORY_UNAVAILABLE");
		assertThat(payment.requests("POST")).isEmpty();
	}

	@Test
	void failedPaymentReleasesTheReservationAndIs503() {
		payment.answer("POST /charges", StubService.Answer.of(503, "{}"));
		HttpResponse<String> response = post("/orders", ORDER, null);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(failure(response)).containsExactly("PAYMENT_UNAVAILABLE", "payment-service answered 503");
		assertThat(inventory.requests("DELETE /reservations/r-1")).hasSize(1);
	}

	@Test
	void slowPaymentIsCutAtTheTimeLimitAndIs503() {
		payment.answer("POST /charges", new StubService.Answer(201, "{}", Duration.ofSeconds(4)));
		String traceId = newTraceId();
		long start = System.nanoTime();
		HttpResponse<String> response = post("/orders", ORDER, "00-" + traceId + "-00f067aa0ba902b7-01");
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(failure(response)).containsExactly("PAYMENT_UNAVAILABLE",
				"payment-service did not answer within 1500 ms");
		assertThat(took).isBetween(Duration.ofMillis(1400), Duration.ofMillis(3500));
		assertThat(inventory.requests("DELETE /reservations/r-1")).hasSize(1);

		List<SpanData> trace = awaitTrace(traceId, (spans) -> count(spans, SpanKind.SERVER) == 1
				&& spans.stream().anyMatch((span) -> isCallTo(span, payment, "/charges")));
		SpanData charge = httpClientSpan(trace, payment, "/charges");
		assertThat(charge).hasStatus(StatusCode.ERROR).isChildOf(single(trace, SpanKind.SERVER));
		assertThat(Duration.ofNanos(charge.getEndEpochNanos() - charge.getStartEpochNanos()))
			.isLessThan(Duration.ofMillis(2500));
	}

	@Test
	void circuitBreakerOpensAfterFiveFailuresAndThenPaymentIsNotCalledAtAll() {
		payment.answer("POST /charges", StubService.Answer.of(500, "{}"));
		for (int i = 0; i < 5; i++) {
			assertThat(post("/orders", ORDER, null).statusCode()).isEqualTo(503);
		}
		assertThat(payment.requests("POST /charges")).hasSize(5);
		assertThat(this.paymentClient.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

		String traceId = newTraceId();
		HttpResponse<String> response = post("/orders", ORDER, "00-" + traceId + "-00f067aa0ba902b7-01");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(failure(response)).containsExactly("PAYMENT_UNAVAILABLE",
				"payment-service is failing; its circuit breaker is open");
		assertThat(payment.requests("POST /charges")).hasSize(5);
		assertThat(inventory.requests("DELETE /reservations/r-1")).hasSize(6);

		List<SpanData> trace = awaitTrace(traceId,
				(spans) -> count(spans, SpanKind.SERVER) == 1 && count(spans, SpanKind.CLIENT) >= 2);
		assertThat(trace).hasExactlyOneTrace();
		assertThat(trace.stream().filter((span) -> isCallTo(span, payment, "/charges"))).isEmpty();
		assertThat(httpClientSpan(trace, inventory, "/reservations")).isChildOf(single(trace, SpanKind.SERVER));
	}

	@Test
	void declinedPaymentsAreNoReasonToOpenTheCircuitBreaker() {
		payment.answer("POST /charges", StubService.Answer.of(402, "{\"status\":\"DECLINED\"}"));
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> response = post("/orders", ORDER, null);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(failure(response)).containsExactly("PAYMENT_UNAVAILABLE",
					"payment-service declined the charge (402)");
		}
		assertThat(payment.requests("POST /charges")).hasSize(6);
		assertThat(this.paymentClient.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void invalidOrdersAre400AndReachNobody() {
		HttpResponse<String> noItems = post("/orders", "{\"customerId\":\"c-1\",\"email\":\"a@b\",\"items\":[]}", null);
		assertThat(noItems.statusCode()).isEqualTo(400);
		assertThat(failure(noItems)).containsExactly("INVALID", "at least one item is required");
		HttpResponse<String> zero = post("/orders",
				"{\"customerId\":\"c-1\",\"email\":\"a@b\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":0}]}", null);
		assertThat(zero.statusCode()).isEqualTo(400);
		assertThat(post("/orders", "{not json", null).statusCode()).isEqualTo(400);
		assertThat(inventory.requests("POST")).isEmpty();
	}

	private HttpResponse<String> post(String path, String body, String traceparent) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (traceparent != null) {
			request.header("traceparent", traceparent);
		}
		return send(request.build());
	}

	private HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(20))
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> failure(HttpResponse<String> response) {
		JsonNode body = json.readTree(response.body());
		return List.of(body.path("status").asString(), body.path("reason").asString());
	}

	private List<SpanData> awaitTrace(String traceId, Predicate<List<SpanData>> complete) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			List<SpanData> trace = this.spans.finished()
				.stream()
				.filter((span) -> span.getTraceId().equals(traceId))
				.toList();
			if (complete.test(trace)) {
				return trace;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Trace " + traceId + " incomplete:\n" + describe(this.spans.finished()));
			}
			sleep(20);
		}
	}

	private ConsumerRecord<String, String> consume(String orderId) {
		Map<String, Object> properties = new HashMap<>(
				KafkaTestUtils.consumerProps(this.broker, "test-" + newTraceId(), false));
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		try (Consumer<String, String> consumer = new KafkaConsumer<>(properties)) {
			// Read the partition directly: no consumer group to join.
			List<TopicPartition> partitions = List.of(new TopicPartition(OrderEvents.TOPIC, 0));
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (orderId.equals(record.key())) {
						return record;
					}
				}
			}
		}
		throw new AssertionError("No record for order " + orderId + " on " + OrderEvents.TOPIC);
	}

	private static SpanData httpClientSpan(List<SpanData> trace, StubService service, String path) {
		List<SpanData> calls = trace.stream().filter((span) -> isCallTo(span, service, path)).toList();
		assertThat(calls).as("CLIENT spans to %s%s in%n%s", service.url(), path, describe(trace)).hasSize(1);
		return calls.get(0);
	}

	private static boolean isCallTo(SpanData span, StubService service, String path) {
		return span.getKind() == SpanKind.CLIENT
				&& (service.url() + path).equals(span.getAttributes().get(AttributeKey.stringKey("http.url")));
	}

	private static SpanData single(List<SpanData> trace, SpanKind kind) {
		List<SpanData> matches = trace.stream().filter((span) -> span.getKind() == kind).toList();
		assertThat(matches).as("%s spans in%n%s", kind, describe(trace)).hasSize(1);
		return matches.get(0);
	}

	private static long count(List<SpanData> spans, SpanKind kind) {
		return spans.stream().filter((span) -> span.getKind() == kind).count();
	}

	private static String describe(List<SpanData> spans) {
		List<String> lines = new ArrayList<>();
		for (SpanData span : spans) {
			lines.add(span.getTraceId() + " " + span.getSpanId() + " <- " + span.getParentSpanId() + " " + span.getKind()
					+ " '" + span.getName() + "' " + span.getAttributes().asMap());
		}
		return String.join("\n", lines);
	}

	private static String newTraceId() {
		return String.format("%016x%016x", ThreadLocalRandom.current().nextLong(),
				ThreadLocalRandom.current().nextLong());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}


}
