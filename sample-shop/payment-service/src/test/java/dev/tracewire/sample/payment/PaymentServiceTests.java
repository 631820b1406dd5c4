package dev.tracewire.sample.payment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tracewire.sample.faults.Faults;
import dev.tracewire.sample.testsupport.EmbeddedPostgresServer;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
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
 * The payment service over real HTTP against a real PostgreSQL: its answers, the stored charges, its faults and
 * the spans our starters make of it (no tracing code in the service).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "tracewire.export.zipkin.enabled=false")
@TracewireTest
class PaymentServiceTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String CALLER_SPAN_ID = "b7ad6b7169203331";

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

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", EmbeddedPostgresServer::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
	}

	@AfterEach
	void faultsOff() {
		this.faults.set(FakeCardProcessor.DOWN, false);
		this.faults.set(FakeCardProcessor.SLOW, false);
	}

	@Test
	void approvedChargeIsStoredUnderTheCallersTrace() throws Exception {
		HttpResponse<String> response = charge("order-1", "customer-7731", "59.90");

		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode charge = this.json.readTree(response.body());
		assertThat(charge.get("status").asString()).isEqualTo("APPROVED");
		String chargeId = charge.get("chargeId").asString();
		assertThat(response.headers().firstValue("traceresponse")).hasValueSatisfying(
				(value) -> assertThat(value).startsWith("00-" + TRACE_ID + "-"));

		SpanData server = this.spans.awaitSpan("http post /charges", SpanKind.SERVER);
		assertThat(server).hasTraceId(TRACE_ID).hasAttribute("status", "201");
		assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
		assertThat(server.getParentSpanContext().isRemote()).isTrue();
		assertThat(this.spans.awaitSpan("INSERT charges", SpanKind.CLIENT)).isChildOf(server)
			.hasAttribute("db.system.name", "postgresql")
			.hasAttribute("db.query.text", "INSERT INTO charges (id, order_id, customer_id, amount, currency, status)"
					+ " VALUES (?, ?, ?, ?, ?, ?)");
		// Parameter values are not recorded by default.
		assertThat(this.spans.finished()).containsNoText("customer-7731", "59.90");

		Map<String, Object> stored = this.jdbc.sql("SELECT order_id, amount, status FROM charges WHERE id = ?")
			.param(chargeId)
			.query()
			.singleRow();
		assertThat(stored).containsEntry("order_id", "order-1").containsEntry("status", "APPROVED");
	}

	@Test
	void amountsOverTenThousandAreDeclinedWith402() throws Exception {
		assertThat(charge("order-2", "customer-1", "10000.00").statusCode()).isEqualTo(201);
		HttpResponse<String> declined = charge("order-3", "customer-1", "10000.01");
		assertThat(declined.statusCode()).isEqualTo(402);
		assertThat(this.json.readTree(declined.body()).get("status").asString()).isEqualTo("DECLINED");
	}

	@Test
	void downFaultAnswers503AndStoresNothing() throws Exception {
		assertThat(setFault("down", true).statusCode()).isEqualTo(200);
		long chargesBefore = charges();

		HttpResponse<String> response = charge("order-4", "customer-1", "12.00");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(this.json.readTree(response.body()).get("status").asString()).isEqualTo("UNAVAILABLE");

		SpanData server = this.spans.awaitSpan("http post /charges", SpanKind.SERVER);
		assertThat(server).hasTraceId(TRACE_ID).hasAttribute("status", "503").hasAttribute("outcome", "SERVER_ERROR");
		assertThat(this.spans.finished()).doesNotHaveSpanNamed("INSERT charges");
		assertThat(charges()).isEqualTo(chargesBefore);
	}

	@Test
	void downFaultMakesTheServerSpanAnError() throws Exception {
		setFault("down", true);
		assertThat(charge("order-5", "customer-1", "12.00").statusCode()).isEqualTo(503);
		assertThat(this.spans.awaitSpan("http post /charges", SpanKind.SERVER)).hasErrorStatus();
	}

	@Test
	void malformedOrIncompleteChargesAre400() throws Exception {
		List<String> bodies = List.of("{not json", """
				{"orderId":"o","customerId":"c","amount":-5,"currency":"EUR"}""", """
				{"orderId":"o","customerId":"c","amount":1.001,"currency":"EUR"}""", """
				{"orderId":"o","customerId":"c","amount":"ten","currency":"EUR"}""", """
				{"orderId":"o","customerId":"c","amount":10,"currency":"euro"}""", """
				{"customerId":"c","amount":10,"currency":"EUR"}""", """
				{"orderId":"o\\u0000","customerId":"c","amount":10,"currency":"EUR"}""");
		for (String body : bodies) {
			HttpResponse<String> response = send("POST", "/charges", body);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(this.json.readTree(response.body()).get("status").asString()).as(body).isEqualTo("INVALID");
		}
	}

	private HttpResponse<String> charge(String orderId, String customerId, String amount) throws Exception {
		return send("POST", "/charges", "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + customerId
				+ "\",\"amount\":" + amount + ",\"currency\":\"EUR\"}");
	}

	// Through the actuator endpoint the launcher uses; /actuator/** is never sampled, so it adds no spans.
	private HttpResponse<String> setFault(String name, boolean enabled) throws Exception {
		return send("POST", "/actuator/faults/" + name, "{\"enabled\":" + enabled + "}");
	}

	private long charges() {
		return this.jdbc.sql("SELECT count(*) FROM charges").query(Long.class).single();
	}

	// A plain JDK client: it sends the caller's traceparent as given and makes no spans of its own.
	private HttpResponse<String> send(String method, String path, String body) throws IOException,
			InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10))
			.method(method, BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, BodyHandlers.ofString());
	}

}
