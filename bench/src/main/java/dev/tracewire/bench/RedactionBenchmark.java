package dev.tracewire.bench;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.tracewire.redaction.ExceptionRedactor;
import dev.tracewire.redaction.RedactingSpanProcessor;
import dev.tracewire.redaction.Redactor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One server span with the attributes Spring's HTTP observation gives it, started and ended through the
 * OpenTelemetry SDK: without redaction, and with Tracewire's redacting span processor (default settings). Also
 * the redaction of a single URL value, clean and with secrets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedactionBenchmark {

	private static final Redactor REDACTOR = new Redactor(
			Set.of("X-Amz-Signature", "X-Amz-Credential", "X-Amz-Security-Token", "AWSAccessKeyId", "Signature", "sig",
					"X-Goog-Signature", "access_token", "token", "password", "api_key", "apikey", "secret"),
			Set.of("password", "passwd", "pwd", "secret", "api_key", "apikey", "access_token", "refresh_token",
					"client_secret", "authorization", "cookie", "set-cookie"),
			List.of());

	private SdkTracerProvider plainProvider;

	private SdkTracerProvider redactingProvider;

	private Tracer plain;

	private Tracer redacting;

	@Setup
	public void setUp() {
		this.plainProvider = provider(false);
		this.redactingProvider = provider(true);
		this.plain = this.plainProvider.get("bench");
		this.redacting = this.redactingProvider.get("bench");
	}

	private static SdkTracerProvider provider(boolean redact) {
		SdkTracerProviderBuilder builder = SdkTracerProvider.builder();
		if (redact) {
			builder.addSpanProcessor(new RedactingSpanProcessor(REDACTOR, new ExceptionRedactor(REDACTOR, false)));
		}
		// A processor that still takes each ended span's data, as an exporter's would, and discards it.
		builder.addSpanProcessor(SimpleSpanProcessor.create(new DiscardingExporter()));
		return builder.build();
	}

	@TearDown
	public void tearDown() {
		this.plainProvider.close();
		this.redactingProvider.close();
	}

	@Benchmark
	public Span serverSpanWithoutRedaction() {
		return serverSpan(this.plain);
	}

	@Benchmark
	public Span serverSpanWithRedaction() {
		return serverSpan(this.redacting);
	}

	@Benchmark
	public String redactCleanUrl() {
		return REDACTOR.redact("http.url", "http://inventory:8080/api/products/42?page=2&size=20");
	}

	@Benchmark
	public String redactUrlWithSecrets() {
		return REDACTOR.redact("http.url", "http://alice:pw@inventory:8080/api/products?access_token=abc&page=2");
	}

	static final class DiscardingExporter implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

	private static Span serverSpan(Tracer tracer) {
		Span span = tracer.spanBuilder("http get /api/products/{id}").setSpanKind(SpanKind.SERVER).startSpan();
		span.setAttribute("http.request.method", "GET");
		span.setAttribute("http.url", "http://inventory:8080/api/products/42?page=2&size=20");
		span.setAttribute("uri", "/api/products/{id}");
		span.setAttribute("method", "GET");
		span.setAttribute("status", "200");
		span.setAttribute("outcome", "SUCCESS");
		span.setAttribute("exception", "none");
		span.setAttribute("client.address", "127.0.0.1");
		span.setAttribute("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)");
		span.setAttribute("application", "inventory-service");
		span.end();
		return span;
	}

}
