package dev.tracewire.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tracewire.export.autoconfigure.ZipkinExportAutoConfiguration;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ZipkinExportAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZipkinExportAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class))
		.withPropertyValues("spring.application.name=checkout", "management.tracing.sampling.probability=1.0");

	private final List<String> received = new CopyOnWriteArrayList<>();

	private HttpServer zipkin;

	@BeforeEach
	void startZipkin() throws IOException {
		this.zipkin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.zipkin.createContext("/api/v2/spans", this::receive);
		this.zipkin.start();
	}

	@AfterEach
	void stopZipkin() {
		this.zipkin.stop(0);
	}

	@Test
	void sendsSpansWithTheServiceNameToTheConfiguredEndpoint() {
		this.runner.withPropertyValues("tracewire.export.zipkin.endpoint=" + endpoint()).run((context) -> {
			assertThat(context).hasSingleBean(ZipkinSpanExporter.class);
			Span span = context.getBean(SdkTracerProvider.class).get("test").spanBuilder("place-order").startSpan();
			span.end();
			context.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS);
			await().atMost(10, TimeUnit.SECONDS).until(() -> !this.received.isEmpty());
			assertThat(this.received).singleElement()
				.asString()
				.contains("\"name\":\"place-order\"")
				.contains("\"serviceName\":\"checkout\"")
				.contains("\"traceId\":\"" + span.getSpanContext().getTraceId() + "\"");
		});
	}

	@Test
	void staysOffWithoutAnEndpoint() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ZipkinSpanExporter.class));
	}

	@Test
	void backsOffForAUserExporter() {
		ZipkinSpanExporter user = ZipkinSpanExporter.builder()
			.setSender(new JdkHttpZipkinSender(URI.create(endpoint()), Duration.ofSeconds(1)))
			.build();
		this.runner.withPropertyValues("tracewire.export.zipkin.endpoint=" + endpoint())
			.withBean("userZipkinExporter", ZipkinSpanExporter.class, () -> user)
			.run((context) -> assertThat(context).getBean(ZipkinSpanExporter.class).isSameAs(user));
	}

	@Test
	void isOffByProperty() {
		this.runner
			.withPropertyValues("tracewire.export.zipkin.endpoint=" + endpoint(),
					"tracewire.export.zipkin.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ZipkinSpanExporter.class));
	}

	@Test
	void isSkippedWithoutTheZipkinExporter() {
		this.runner.withPropertyValues("tracewire.export.zipkin.endpoint=" + endpoint())
			.withClassLoader(new FilteredClassLoader(ZipkinSpanExporter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ZipkinSpanExporter.class));
	}

	private String endpoint() {
		return "http://127.0.0.1:" + this.zipkin.getAddress().getPort() + "/api/v2/spans";
	}

	private void receive(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			byte[] bytes = body.readAllBytes();
			if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).transferTo(out);
				bytes = out.toByteArray();
			}
			this.received.add(new String(bytes, StandardCharsets.UTF_8));
		}
		exchange.sendResponseHeaders(202, -1);
		exchange.close();
	}

}
