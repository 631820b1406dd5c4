package dev.tracewire.webflux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tracewire.sampling.TraceOutcomeMeters;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTestAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deferred keep across three WebFlux services, each an application of its own with its own tracer, sampling
 * nothing: gateway calls order, order calls payment (both with {@code WebClient}). When payment fails, order
 * recovers and answers 200, and so does gateway; still, payment's {@code traceresponse} says it kept its part, so
 * order keeps its own and says so, and gateway keeps its own: the trace is whole, gateway to failing span, with the
 * true parent links. When nothing fails, no service exports anything.
 */
class DeferredKeepAcrossServicesTests {

	private static final AttributeKey<String> KEPT = AttributeKey.stringKey("tracewire.sampling.kept");

	private static final List<ConfigurableApplicationContext> services = new ArrayList<>();

	private static ConfigurableApplicationContext payment;

	private static ConfigurableApplicationContext order;

	private static ConfigurableApplicationContext gateway;

	@BeforeAll
	static void startServices() {
		payment = start("payment", PaymentApp.class, null);
		order = start("order", OrderApp.class, payment);
		gateway = start("gateway", GatewayApp.class, order);
	}

	@AfterAll
	static void stopServices() {
		services.forEach(ConfigurableApplicationContext::close);
	}

	@BeforeEach
	void clearSpans() {
		services.forEach((service) -> spans(service).reset());
	}

	@Test
	void failureThreeServicesDeepIsKeptWholeFromTheGateway() {
		ResponseEntity<String> response = checkout("down");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("payment pending");
		String traceresponse = response.getHeaders().getFirst("traceresponse");
		assertThat(traceresponse).as("gateway's traceresponse says the trace is kept")
			.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
		String traceId = traceresponse.substring(3, 35);

		List<SpanData> paymentSpans = awaitSpans(payment, traceId, 1);
		List<SpanData> orderSpans = awaitSpans(order, traceId, 2);
		List<SpanData> gatewaySpans = awaitSpans(gateway, traceId, 2);

		SpanData charge = span(paymentSpans, SpanKind.SERVER, "http get /charge");
		assertThat(charge.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(charge.getAttributes().get(KEPT)).isEqualTo("error");

		SpanData orderServer = span(orderSpans, SpanKind.SERVER, "http get /order");
		SpanData orderClient = span(orderSpans, SpanKind.CLIENT, "http get");
		SpanData gatewayServer = span(gatewaySpans, SpanKind.SERVER, "http get /checkout");
		SpanData gatewayClient = span(gatewaySpans, SpanKind.CLIENT, "http get");
		assertThat(List.of(orderServer, orderClient, gatewayServer, gatewayClient))
			.allSatisfy((span) -> assertThat(span.getAttributes().get(KEPT)).isEqualTo("downstream"));
		assertThat(List.of(charge, orderServer, orderClient, gatewayServer, gatewayClient))
			.allSatisfy((span) -> assertThat(span.getSpanContext().isSampled()).isTrue());

		assertThat(gatewayServer.getParentSpanContext().isValid()).isFalse();
		assertThat(gatewayServer.getSpanId()).isEqualTo(traceresponse.substring(36, 52));
		assertThat(gatewayClient.getParentSpanId()).isEqualTo(gatewayServer.getSpanId());
		assertThat(orderServer.getParentSpanId()).isEqualTo(gatewayClient.getSpanId());
		assertThat(orderClient.getParentSpanId()).isEqualTo(orderServer.getSpanId());
		assertThat(charge.getParentSpanId()).isEqualTo(orderClient.getSpanId());

		assertThat(outcomes(payment, "kept-error")).isEqualTo(1);
		assertThat(outcomes(order, "kept-downstream")).isEqualTo(1);
		assertThat(outcomes(gateway, "kept-downstream")).isEqualTo(1);
	}

	@Test
	void successfulCheckoutIsExportedByNoService() {
		double discarded = outcomes(gateway, "discarded");
		ResponseEntity<String> response = checkout("ok");
		assertThat(response.getBody()).isEqualTo("paid");
		String traceresponse = response.getHeaders().getFirst("traceresponse");
		assertThat(traceresponse).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]");
		await().atMost(Duration.ofSeconds(10)).until(() -> outcomes(gateway, "discarded") > discarded);
		assertThat(services).allSatisfy((service) -> assertThat(spans(service).finished()).isEmpty());
	}

	private static ResponseEntity<String> checkout(String mode) {
		// Not traced: gateway's server span starts the trace.
		return WebClient.create("http://localhost:" + port(gateway))
			.get()
			.uri("/checkout?mode={mode}", mode)
			.exchangeToMono((response) -> response.toEntity(String.class))
			.block(Duration.ofSeconds(30));
	}

	private static List<SpanData> awaitSpans(ConfigurableApplicationContext service, String traceId, int count) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> spans(service).finished().stream().filter((span) -> span.getTraceId().equals(traceId)).toList(),
					(spans) -> spans.size() >= count);
	}

	private static SpanData span(List<SpanData> trace, SpanKind kind, String name) {
		assertThat(trace.stream().filter((span) -> span.getKind() == kind && span.getName().equals(name)))
			.as("%s spans '%s' in %s", kind, name, trace)
			.hasSize(1);
		return trace.stream().filter((span) -> span.getKind() == kind && span.getName().equals(name)).findFirst()
			.orElseThrow();
	}

	private static double outcomes(ConfigurableApplicationContext service, String outcome) {
		return service.getBean(MeterRegistry.class)
			.find(TraceOutcomeMeters.TRACES)
			.tag("outcome", outcome)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private static TestSpans spans(ConfigurableApplicationContext service) {
		return service.getBean(TestSpans.class);
	}

	private static int port(ConfigurableApplicationContext service) {
		return Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
	}

	private static ConfigurableApplicationContext start(String name, Class<?> app,
			ConfigurableApplicationContext downstream) {
		SpringApplication application = new SpringApplication(app);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setDefaultProperties(Map.of("spring.application.name", name, "server.port", "0",
				"tracewire.sampling.probability", "0", "downstream.url",
				(downstream != null) ? "http://localhost:" + port(downstream) : "unused"));
		ConfigurableApplicationContext context = application.run();
		services.add(context);
		return context;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportAutoConfiguration(TracewireTestAutoConfiguration.class)
	static class PaymentApp {

		@Bean
		Charges charges() {
			return new Charges();
		}

	}

	@RestController
	static class Charges {

		@GetMapping("/charge")
		Mono<ResponseEntity<String>> charge(@RequestParam String mode) {
			return Mono.just(mode.equals("down") ? ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("down")
					: ResponseEntity.ok("paid"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportAutoConfiguration(TracewireTestAutoConfiguration.class)
	static class OrderApp {

		@Bean
		Orders orders(WebClient.Builder builder, org.springframework.core.env.Environment environment) {
			return new Orders(builder.baseUrl(environment.getProperty("downstream.url")).build());
		}

	}

	@RestController
	static class Orders {

		private final WebClient payment;

		Orders(WebClient payment) {
			this.payment = payment;
		}

		// Recovers from a failed payment: the order is taken, the payment retried later.
		@GetMapping("/order")
		Mono<String> order(@RequestParam String mode) {
			return this.payment.get()
				.uri("/charge?mode={mode}", mode)
				.exchangeToMono((response) -> response.bodyToMono(String.class)
					.map((body) -> response.statusCode().is2xxSuccessful() ? body : "payment pending"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportAutoConfiguration(TracewireTestAutoConfiguration.class)
	static class GatewayApp {

		@Bean
		Checkouts checkouts(WebClient.Builder builder, org.springframework.core.env.Environment environment) {
			return new Checkouts(builder.baseUrl(environment.getProperty("downstream.url")).build());
		}

	}

	@RestController
	static class Checkouts {

		private final WebClient order;

		Checkouts(WebClient order) {
			this.order = order;
		}

		@GetMapping("/checkout")
		Mono<String> checkout(@RequestParam String mode) {
			return this.order.get().uri("/order?mode={mode}", mode).retrieve().bodyToMono(String.class);
		}

	}

}
