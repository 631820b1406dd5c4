package dev.tracewire.sample.inventory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;

import dev.tracewire.sample.faults.Faults;
import dev.tracewire.sample.testsupport.EmbeddedPostgresServer;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory service over real HTTP against a real PostgreSQL: its answers, its stock bookkeeping and the
 * spans our starters make of it (no tracing code in the service).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "tracewire.export.zipkin.enabled=false")
@TracewireTest
class InventoryServiceTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Autowired
	Faults faults;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
	}

	@AfterEach
	void faultsOff() {
		this.faults.set(Inventory.SLOW_QUERY, false);
	}

	@Test
	void listsTheSeededCatalogue() throws Exception {
		HttpResponse<String> response = send("GET", "/products", null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode products = this.json.readTree(response.body());
		assertThat(products).hasSize(8);
		assertThat(products.get(0).get("sku").asString()).isEqualTo("SKU-1");
		assertThat(products.get(0).get("name").asString()).isNotBlank();
		assertThat(products.get(0).get("price").decimalValue()).isPositive();
		assertThat(products.get(7).get("sku").asString()).isEqualTo("SKU-8");
		assertThat(products.get(7).get("stock").asInt()).isGreaterThan(900_000);
	}

	@Test
	void reservationContinuesTheCallersTraceWithSanitizedJdbcSpansUnderIt() throws Exception {
		int stockBefore = stock("SKU-2");
		HttpResponse<String> response = send("POST", "/reservations", """
				{"orderId":"order-1","items":[{"sku":"SKU-2","quantity":2},{"sku":"SKU-3","quantity":1},
				{"sku":"SKU-2","quantity":1}]}""");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode reservation = this.json.readTree(response.body());
		assertThat(reservation.get("reservationId").asString()).isNotBlank();
		assertThat(reservation.get("items")).hasSize(2);
		assertThat(reservation.get("items").get(0).get("sku").asString()).isEqualTo("SKU-2");
		assertThat(reservation.get("items").get(0).get("quantity").asInt()).isEqualTo(3);
		assertThat(reservation.get("items").get(0).get("unitPrice").decimalValue()).isEqualByComparingTo("24.90");
		assertThat(reservation.get("total").decimalValue()).isEqualByComparingTo("133.70");

		SpanData server = this.spans.awaitSpan("http post /reservations", SpanKind.SERVER);
		assertThat(server).hasTraceId(TRACE_ID);
		assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
		assertThat(server.getParentSpanContext().isRemote()).isTrue();
		List<SpanData> statements = this.spans.finished()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.CLIENT && span.getTraceId().equals(TRACE_ID))
			.toList();
		assertThat(statements.stream().map(SpanData::getName).toList()).containsExactly("SELECT products", "UPDATE products", "INSERT reservations", "INSERT reservation_lines");
		statements.forEach((statement) -> assertThat(statement).isChildOf(server)
			.hasAttribute("db.system.name", "postgresql"));
		assertThat(statements.get(0)).hasAttribute("db.query.text",
				"SELECT sku, name, price, stock FROM products WHERE sku = ANY(?) ORDER BY sku FOR UPDATE")
			.doesNotHaveAttribute("tracewire.jdbc.slow_query");
		// The status literal is in the SQL itself; the sanitizer replaces it like any value.
		assertThat(statements.get(2)).hasAttribute("db.query.text",
				"INSERT INTO reservations (id, order_id, status, total) VALUES (?, ?, ?, ?)");
		assertThat(this.spans.finished()).containsNoText("RESERVED", "order-1");

		assertThat(stock("SKU-2")).isEqualTo(stockBefore - 3);
	}

	@Test
	void releaseReturnsTheStockOnce() throws Exception {
		int stockBefore = stock("SKU-4");
		String reservationId = reserve("SKU-4", 5);
		assertThat(stock("SKU-4")).isEqualTo(stockBefore - 5);
		this.spans.reset();

		assertThat(send("DELETE", "/reservations/" + reservationId, null).statusCode()).isEqualTo(204);
		assertThat(stock("SKU-4")).isEqualTo(stockBefore);
		SpanData server = this.spans.awaitSpan("http delete /reservations/{id}", SpanKind.SERVER);
		assertThat(server).hasTraceId(TRACE_ID);
		assertThat(this.spans.awaitSpan("UPDATE reservations", SpanKind.CLIENT)).isChildOf(server)
			.hasAttribute("db.query.text", "UPDATE reservations SET status = ? WHERE id = ? AND status = ?");

		HttpResponse<String> again = send("DELETE", "/reservations/" + reservationId, null);
		assertThat(again.statusCode()).isEqualTo(404);
		assertThat(this.json.readTree(again.body()).get("status").asString()).isEqualTo("NOT_FOUND");
		assertThat(stock("SKU-4")).isEqualTo(stockBefore);
	}

	@Test
	void shortStockIs409AndTakesNothing() throws Exception {
		int stockBefore = stock("SKU-5");
		HttpResponse<String> response = send("POST", "/reservations", """
				{"orderId":"order-2","items":[{"sku":"SKU-1","quantity":1},{"sku":"SKU-5","quantity":2000000}]}""");
		assertThat(response.statusCode()).isEqualTo(409);
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("status").asString()).isEqualTo("REJECTED");
		assertThat(problem.get("reason").asString()).contains("SKU-5");
		assertThat(stock("SKU-5")).isEqualTo(stockBefore);
	}

	@Test
	void unknownSkuBadQuantityAndMalformedBodyAre400() throws Exception {
		List<String> bodies = List.of("""
				{"orderId":"order-3","items":[{"sku":"SKU-404","quantity":1}]}""", """
				{"orderId":"order-3","items":[{"sku":"SKU-1","quantity":0}]}""", """
				{"orderId":"order-3","items":[{"sku":"SKU-1"}]}""", """
				{"orderId":"order-3","items":[]}""", """
				{"items":[{"sku":"SKU-1","quantity":1}]}""", """
				{"orderId":"order-3","items":[{"sku":"SKU-1","quantity":"many"}]}""", """
				{"orderId":"order-3","items":[{"sku":"SKU-\\u0000","quantity":1}]}""", "{not json");
		for (String body : bodies) {
			HttpResponse<String> response = send("POST", "/reservations", body);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(this.json.readTree(response.body()).get("status").asString()).as(body).isEqualTo("INVALID");
		}
	}

	@Test
	void slowQueryFaultMakesTheStockQueryTwoSecondsLongerAndFlagsIt() throws Exception {
		this.faults.set(Inventory.SLOW_QUERY, true);
		double slowBefore = slowQueries();
		reserve("SKU-6", 1);

		SpanData server = this.spans.awaitSpan("http post /reservations", SpanKind.SERVER);
		SpanData select = this.spans.awaitSpan("SELECT products", SpanKind.CLIENT);
		assertThat(select).isChildOf(server)
			.hasAttribute("tracewire.jdbc.slow_query", "true")
			.hasAttribute("db.query.text", "SELECT sku, name, price, stock FROM products WHERE sku = ANY(?) "
					+ "AND (SELECT true FROM pg_sleep(?)) ORDER BY sku FOR UPDATE");
		assertThat(Duration.ofNanos(select.getEndEpochNanos() - select.getStartEpochNanos()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(slowQueries()).isEqualTo(slowBefore + 1);
	}

	private String reserve(String sku, int quantity) throws Exception {
		HttpResponse<String> response = send("POST", "/reservations",
				"{\"orderId\":\"order-9\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}]}");
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body()).get("reservationId").asString();
	}

	private int stock(String sku) {
		return this.jdbc.sql("SELECT stock FROM products WHERE sku = ?").param(sku).query(Integer.class).single();
	}

	private double slowQueries() {
		var counter = this.meters.find("tracewire.jdbc.slow_queries").counter();
		return (counter != null) ? counter.count() : 0;
	}

	// A plain JDK client: it sends the caller's traceparent as given and makes no spans of its own.
	private HttpResponse<String> send(String method, String path, String body) throws IOException,
			InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
			.timeout(Duration.ofSeconds(10));
		if (body != null) {
			request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
		}
		else {
			request.method(method, BodyPublishers.noBody());
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

}
