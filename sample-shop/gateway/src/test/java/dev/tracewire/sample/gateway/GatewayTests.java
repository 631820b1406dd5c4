package dev.tracewire.sample.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tracewire.sample.testsupport.StubService;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of a stub order-service (and an inventory-service that is not there): answers passed
 * through, the gateway's own errors for what cannot be passed through, the trace continued to order-service and
 * the {@code traceresponse} header on every answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "shop.downstream-timeout=1s", "tracewire.export.zipkin.enabled=false" })
@TracewireTest
class GatewayTests {

	private static final String CHECKOUT = """
			{"customerId":"c-1","email":"c-1@example.com","items":[{"sku":"SKU-1","quantity":2}]}""";

	private static final StubService orders = StubService.start(Map.of("POST /orders",
			StubService.Answer.of(201, "{\"orderId\":\"o-1\",\"status\":\"CONFIRMED\",\"total\":19.98}"),
			"GET /orders/o-1", StubService.Answer.of(200, "{\"orderId\":\"o-1\"}"), "GET /orders/",
			StubService.Answer.of(404, "")));

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("shop.order.url", orders::url);
		registry.add("shop.inventory.url", () -> "http://127.0.0.1:" + unusedPort());
	}

	@BeforeEach
	void reset() {
		orders.reset();
	}

	@Test
	void checkoutIsPassedThroughInTheCallersTrace() {
		HttpResponse<String> response = send(checkout(CHECKOUT));
		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("{\"orderId\":\"o-1\",\"status\":\"CONFIRMED\",\"total\":19.98}");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");

		List<SpanData> trace = this.spans.awaitCount(2);
		assertThat(trace).hasExactlyOneTrace();
		SpanData server = this.spans.awaitSpan("http post /api/checkout", SpanKind.SERVER);
		SpanData client = this.spans.awaitSpan("http post", SpanKind.CLIENT);
		assertThat(client).isChildOf(server);
		// Flags: sampled (01), plus random trace id (02, W3C Level 2) as the trace starts here.
		assertThat(orders.requests("POST /orders").get(0).traceparent())
			.isEqualTo("00-" + server.getTraceId() + "-" + client.getSpanId() + "-03");
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValue("00-" + server.getTraceId() + "-" + server.getSpanId() + "-03");
	}

	@Test
	void refusalsAndUnavailabilityArePassedThroughWithTheirBodies() {
		String rejected = "{\"status\":\"REJECTED\",\"reason\":\"out of stock\"}";
		orders.answer("POST /orders", StubService.Answer.of(409, rejected));
		HttpResponse<String> conflict = send(checkout(CHECKOUT));
		assertThat(conflict.statusCode()).isEqualTo(409);
		assertThat(conflict.body()).isEqualTo(rejected);
		assertThat(conflict.headers().firstValue("traceresponse")).isPresent();

		String unavailable = "{\"status\":\"PAYMENT_UNAVAILABLE\",\"reason\":\"payment-service answered 503\"}";
		orders.answer("POST /orders", StubService.Answer.of(503, unavailable));
		HttpResponse<String> paymentDown = send(checkout(CHECKOUT));
		assertThat(paymentDown.statusCode()).isEqualTo(503);
		assertThat(paymentDown.body()).isEqualTo(unavailable);

		String invalid = "{\"status\":\"INVALID\",\"reason\":\"email is required\"}";
		orders.answer("POST /orders", StubService.Answer.of(400, invalid));
		assertThat(send(checkout(CHECKOUT)).body()).isEqualTo(invalid);
	}

	@Test
	void ordersAreLookedUpAndUnknownOnesAre404() {
		HttpResponse<String> found = send(get("/api/orders/o-1"));
		assertThat(found.statusCode()).isEqualTo(200);
		assertThat(found.body()).isEqualTo("{\"orderId\":\"o-1\"}");
		HttpResponse<String> missing = send(get("/api/orders/o-2"));
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("traceresponse")).isPresent();
	}

	@Test
	void aServiceFailingWithA500IsABadGatewayNotA500() {
		orders.answer("POST /orders", StubService.Answer.of(500, "{\"error\":\"boom\"}"));
		HttpResponse<String> response = send(checkout(CHECKOUT));
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body())
			.isEqualTo("{\"status\":\"BAD_GATEWAY\",\"reason\":\"order-service failed (500)\"}");
	}

	@Test
	void anUnreachableServiceIsABadGatewayWithAReason() {
		HttpResponse<String> response = send(get("/api/products"));
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body())
			.isEqualTo("{\"status\":\"BAD_GATEWAY\",\"reason\":\"inventory-service is unreachable\"}");
		assertThat(response.headers().firstValue("traceresponse")).isPresent();
	}

	@Test
	void aServiceTooSlowToAnswerIsAGatewayTimeout() {
		orders.answer("GET /orders/", new StubService.Answer(200, "{}", Duration.ofSeconds(3)));
		HttpResponse<String> response = send(get("/api/orders/o-3"));
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(response.body()).isEqualTo(
				"{\"status\":\"GATEWAY_TIMEOUT\",\"reason\":\"order-service did not answer within 1000 ms\"}");
	}

	@Test
	void invalidCheckoutsAre400AndNeverReachOrderService() {
		HttpResponse<String> noItems = send(checkout("{\"customerId\":\"c-1\",\"email\":\"a@b\",\"items\":[]}"));
		assertThat(noItems.statusCode()).isEqualTo(400);
		assertThat(noItems.body()).isEqualTo("{\"status\":\"INVALID\",\"reason\":\"at least one item is required\"}");
		assertThat(noItems.headers().firstValue("traceresponse")).isPresent();
		HttpResponse<String> negative = send(checkout(
				"{\"customerId\":\"c-1\",\"email\":\"a@b\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":-1}]}"));
		assertThat(negative.statusCode()).isEqualTo(400);
		assertThat(negative.body()).contains("quantity of SKU-1 must be positive");
		assertThat(send(checkout("{\"items\": nope")).statusCode()).isEqualTo(400);
		assertThat(orders.requests("POST")).isEmpty();
	}

	private HttpRequest checkout(String body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/checkout"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build();
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

	private static int unusedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
