package dev.tracewire.redaction;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestTemplate;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The canary: plants distinct fake secrets everywhere a request can carry them, sends spans through the real
 * OTLP/HTTP exporter to a local receiver, and asserts that none of them appears in the exported bytes, in the
 * metric tags or in the captured spans.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tracewire.redaction.captured-request-headers=x-note,x-trace-hint",
				"tracewire.redaction.patterns=CANARY-EMP-[0-9]+",
				"management.opentelemetry.tracing.export.otlp.compression=none",
				"management.opentelemetry.tracing.export.schedule-delay=50ms" })
@TracewireTest
class RedactionCanaryTests {

	/** Each must never leave the application. */
	static final List<String> SECRETS = List.of("CanaryUser1", "CanaryPass2", "CanaryAccessToken3", "CanaryPassword4",
			"CanaryApiKey5", "CanaryAmzSig6", "CanaryGoogSig7", "CanarySig8", "CanaryBearer9", "CanaryCookie10",
			"CanaryBaggage11", "CanaryTagPassword12", "4556737586899855", "CanaryOtelBearer14", "CANARY-EMP-15",
			"CanaryHeaderBearer16", "CanaryToken17", "CanaryExceptionPass18", "CanaryExceptionBearer19",
			"CanarySqlLiteral20", "CanaryEventPassword21", "CanaryEventBearer22", "CanaryEventPass23");

	private static final HttpServer receiver = startReceiver();

	private static final ByteArrayOutputStream received = new ByteArrayOutputStream();

	@LocalServerPort
	int port;

	@Autowired
	RestTemplate restTemplate;

	@Autowired
	TestSpans spans;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	SdkTracerProvider tracerProvider;

	@DynamicPropertySource
	static void otlpEndpoint(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
				() -> "http://localhost:" + receiver.getAddress().getPort() + "/v1/traces");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop(0);
	}

	@Test
	void noPlantedSecretIsExportedOrTagged() {
		HttpHeaders headers = new HttpHeaders();
		headers.set("Authorization", "Bearer CanaryHeaderBearer16");
		headers.set("Cookie", "session=CanaryCookie10");
		headers.set("baggage", "userSecret=CanaryBaggage11");
		headers.set("x-note", "card 4556-7375-8689-9855 and Bearer CanaryBearer9");
		String url = "http://CanaryUser1:CanaryPass2@localhost:" + this.port + "/checkout"
				+ "?access_token=CanaryAccessToken3&password=CanaryPassword4&api_key=CanaryApiKey5"
				+ "&X-Amz-Signature=CanaryAmzSig6&X-Goog-Signature=CanaryGoogSig7&sig=CanarySig8"
				+ "&token=CanaryToken17&page=2";
		this.restTemplate.exchange(url, HttpMethod.GET, new HttpEntity<>(headers), String.class);
		assertThatExceptionOfType(HttpServerErrorException.class)
			.isThrownBy(() -> this.restTemplate.getForEntity("http://localhost:" + this.port + "/fail", String.class));
		assertThatExceptionOfType(HttpServerErrorException.class).isThrownBy(
				() -> this.restTemplate.getForEntity("http://localhost:" + this.port + "/fail-sql", String.class));

		this.spans.awaitSpan("http get /checkout", SpanKind.SERVER);
		SpanData failed = this.spans.awaitSpan("http get /fail", SpanKind.SERVER);
		assertThat(failed.getEvents()).as("the failure was recorded, so its messages were there to leak")
			.anyMatch((event) -> "java.lang.IllegalStateException"
				.equals(event.getAttributes().get(AttributeKey.stringKey("exception.type"))));
		this.spans.awaitSpan("http get /fail-sql", SpanKind.SERVER);
		this.spans.awaitCount(6); // with the three client spans
		this.tracerProvider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> exported().contains("/checkout") && exported().contains("/fail-sql"));

		String exported = exported();
		assertThat(exported).as("the exporter really sent the request's spans").contains("http get /checkout");
		for (String secret : SECRETS) {
			assertThat(exported).as("exported OTLP payload").doesNotContain(secret);
		}
		assertThat(exported).as("secrets were masked, not dropped with their spans").contains("REDACTED");
		assertThat(this.spans.finished()).containsNoText(SECRETS.toArray(String[]::new));
		for (Meter meter : this.meterRegistry.getMeters()) {
			for (Tag tag : meter.getId().getTags()) {
				for (String secret : SECRETS) {
					assertThat(tag.getValue()).as("tag %s of meter %s", tag.getKey(), meter.getId().getName())
						.doesNotContain(secret);
				}
			}
		}
		assertThat(this.meterRegistry.find("http.client.requests").meters()).as("client metrics were recorded")
			.isNotEmpty();
	}

	private static String exported() {
		synchronized (received) {
			return received.toString(StandardCharsets.ISO_8859_1);
		}
	}

	private static HttpServer startReceiver() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/v1/traces", (exchange) -> {
				try (InputStream body = exchange.getRequestBody()) {
					byte[] bytes = body.readAllBytes();
					synchronized (received) {
						received.write(bytes);
					}
				}
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class CanaryApplication {

		@Bean
		RestTemplate restTemplate(RestTemplateBuilder builder) {
			return builder.build();
		}

		@Bean
		CheckoutController checkoutController(Tracer tracer) {
			return new CheckoutController(tracer);
		}

	}

	@RestController
	static class CheckoutController {

		private final Tracer tracer;

		CheckoutController(Tracer tracer) {
			this.tracer = tracer;
		}

		@GetMapping("/checkout")
		String checkout() {
			// User code tagging spans with things it should not.
			this.tracer.currentSpan().tag("password", "CanaryTagPassword12");
			this.tracer.currentSpan().tag("payment.note", "paid with 4556737586899855");
			Span.current().setAttribute("auth.header", "Bearer CanaryOtelBearer14");
			Span.current().setAttribute("employee", "badge CANARY-EMP-15");
			Span.current().addEvent("payment.retry",
					Attributes.of(AttributeKey.stringKey("password"), "CanaryEventPassword21",
							AttributeKey.stringKey("payment.note"), "retry with Bearer CanaryEventBearer22"));
			Span.current().recordException(new IllegalStateException("declined"), Attributes
				.of(AttributeKey.stringKey("request.url"), "http://shop:CanaryEventPass23@pay.local/charge"));
			return "ok";
		}

		@GetMapping("/fail")
		String fail() {
			throw new IllegalStateException("calling http://shop:CanaryExceptionPass18@pay.local/charge failed",
					new IllegalArgumentException("payment service said: Bearer CanaryExceptionBearer19 expired"));
		}

		@GetMapping("/fail-sql")
		String failSql() {
			throw new IllegalStateException(
					"could not execute statement [insert into note values ('CanarySqlLiteral20')]",
					new SQLException("duplicate key value: Key (text)=(CanarySqlLiteral20) already exists"));
		}

	}

}
