package dev.tracewire.bench.micro;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracewire.kafka.KafkaTraceHeaders;
import dev.tracewire.propagation.HardenedTextMapPropagator;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * W3C trace context extraction and injection, for HTTP headers (Spring's {@link HttpHeaders}, read the way
 * Spring's server observation reads them: first value, or every line) and for Kafka record headers (byte
 * values, read and written the way spring-kafka's observation contexts do: last header, UTF-8), with
 * {@code traceparent} + {@code tracestate}, and with three baggage members as well.
 * <p>
 * Three propagators: {@code otel} is OpenTelemetry's default pair (W3C trace context + W3C baggage, as
 * {@code otel.propagators=tracecontext,baggage}); {@code boot} is the propagator Spring Boot 4.1 builds for
 * {@code management.tracing.propagation.type=W3C} with baggage on (its default), taken from a started Boot
 * application with Tracewire off; {@code tracewire} is Tracewire's {@link HardenedTextMapPropagator} around that
 * same propagator, taken from the same application with Tracewire on. For Kafka extraction, {@code tracewire}
 * also pays for {@link KafkaTraceHeaders#sanitize}, which its consumer interceptor runs on every record before
 * anything reads the headers (here the headers are valid, so nothing is rewritten). Carrier, getter and setter
 * are the same for all three; injection writes into fresh headers every time, as for a new request or record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PropagationBenchmark {

	static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

	static final String BAGGAGE = "userId=alice,serverNode=DF%2028,isProduction=false";

	@Param({ "otel", "boot", "tracewire" })
	public String propagator;

	@Param({ "trace-context", "with-baggage" })
	public String headers;

	private @Nullable ConfigurableApplicationContext application;

	private TextMapPropagator subject = TextMapPropagator.noop();

	private boolean sanitizeKafka;

	private HttpHeaders httpIn = new HttpHeaders();

	private Headers kafkaIn = new RecordHeaders();

	private Context toInject = Context.root();

	@Setup
	public void setUp() {
		boolean baggage = "with-baggage".equals(this.headers);
		this.httpIn = new HttpHeaders();
		this.httpIn.add("traceparent", TRACEPARENT);
		this.httpIn.add("tracestate", TRACESTATE);
		this.httpIn.add("accept", "application/json");
		this.httpIn.add("user-agent", "Mozilla/5.0 (X11; Linux x86_64)");
		this.kafkaIn = new RecordHeaders();
		this.kafkaIn.add("traceparent", bytes(TRACEPARENT));
		this.kafkaIn.add("tracestate", bytes(TRACESTATE));
		this.kafkaIn.add("__TypeId__", bytes("com.example.OrderPlaced"));
		if (baggage) {
			this.httpIn.add("baggage", BAGGAGE);
			this.kafkaIn.add("baggage", bytes(BAGGAGE));
		}
		TextMapPropagator otel = TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(),
				W3CBaggagePropagator.getInstance());
		this.subject = switch (this.propagator) {
			case "otel" -> otel;
			case "boot" -> fromApplication(BenchContexts.BOOT);
			case "tracewire" -> fromApplication(BenchContexts.TRACEWIRE);
			default -> throw new IllegalArgumentException(this.propagator);
		};
		if ("tracewire".equals(this.propagator) != (this.subject instanceof HardenedTextMapPropagator)) {
			throw new IllegalStateException("Unexpected propagator for " + this.propagator + ": " + this.subject);
		}
		this.sanitizeKafka = "tracewire".equals(this.propagator);
		// What a service injects: the caller's trace context and baggage, as OpenTelemetry extracted them.
		this.toInject = otel.extract(Context.root(), this.httpIn, HttpHeadersGetter.INSTANCE);
		check(baggage);
	}

	private TextMapPropagator fromApplication(List<String> args) {
		ConfigurableApplicationContext context = BenchContexts.start(WebApplicationType.NONE,
				PropagationApplication.class, args);
		this.application = context;
		return context.getBean(ContextPropagators.class).getTextMapPropagator();
	}

	// Every variant must read and write the same thing, or the comparison means nothing.
	private void check(boolean baggage) {
		if (this.sanitizeKafka && KafkaTraceHeaders.sanitize(this.kafkaIn)) {
			throw new IllegalStateException("The Kafka headers should need no cleaning: " + this.kafkaIn);
		}
		for (Context extracted : List.of(extractHttp(), extractKafka())) {
			SpanContext parent = Span.fromContext(extracted).getSpanContext();
			int members = Baggage.fromContext(extracted).size();
			if (!parent.isRemote() || !parent.isSampled() || !parent.getTraceId().equals(TRACEPARENT.substring(3, 35))
					|| parent.getTraceState().size() != 2 || members != (baggage ? 3 : 0)) {
				throw new IllegalStateException(this.propagator + " extracted " + parent + " and " + members
						+ " baggage members");
			}
		}
		HttpHeaders http = injectHttp();
		Headers kafka = injectKafka();
		String kafkaTraceparent = new String(kafka.lastHeader("traceparent").value(), StandardCharsets.UTF_8);
		if (!TRACEPARENT.equals(http.getFirst("traceparent")) || !TRACEPARENT.equals(kafkaTraceparent)
				|| !TRACESTATE.equals(http.getFirst("tracestate")) || (http.getFirst("baggage") != null) != baggage
				|| (kafka.lastHeader("baggage") != null) != baggage) {
			throw new IllegalStateException(this.propagator + " injected " + http + " / " + kafka);
		}
		System.out.println("# " + this.propagator + " (" + this.headers + "): " + this.subject + "; injects "
				+ http.headerNames());
	}

	@TearDown
	public void tearDown() {
		if (this.application != null) {
			this.application.close();
		}
	}

	@Benchmark
	public Context extractHttp() {
		return this.subject.extract(Context.root(), this.httpIn, HttpHeadersGetter.INSTANCE);
	}

	@Benchmark
	public HttpHeaders injectHttp() {
		HttpHeaders out = new HttpHeaders();
		this.subject.inject(this.toInject, out, HttpHeaders::set);
		return out;
	}

	@Benchmark
	public Context extractKafka() {
		if (this.sanitizeKafka) {
			KafkaTraceHeaders.sanitize(this.kafkaIn);
		}
		return this.subject.extract(Context.root(), this.kafkaIn, KafkaHeadersGetter.INSTANCE);
	}

	@Benchmark
	public Headers injectKafka() {
		Headers out = new RecordHeaders();
		this.subject.inject(this.toInject, out, KafkaHeadersSetter.INSTANCE);
		return out;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Only what the propagators need: Boot's observation and tracing auto-configurations and, unless switched
	 * off, Tracewire's.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class PropagationApplication {

	}

	/**
	 * Reads HTTP headers as Spring's server observation context does: the first value, or every line.
	 */
	enum HttpHeadersGetter implements TextMapGetter<HttpHeaders> {

		INSTANCE;

		@Override
		public Iterable<String> keys(HttpHeaders carrier) {
			return carrier.headerNames();
		}

		@Override
		public @Nullable String get(@Nullable HttpHeaders carrier, String key) {
			return (carrier != null) ? carrier.getFirst(key) : null;
		}

		@Override
		public Iterator<String> getAll(@Nullable HttpHeaders carrier, String key) {
			return (carrier != null) ? carrier.getOrEmpty(key).iterator() : List.<String>of().iterator();
		}

	}

	/**
	 * Reads record headers as spring-kafka's receiver context does: the last header of a key, as UTF-8.
	 */
	enum KafkaHeadersGetter implements TextMapGetter<Headers> {

		INSTANCE;

		@Override
		public Iterable<String> keys(Headers carrier) {
			return () -> Arrays.stream(carrier.toArray()).map(Header::key).iterator();
		}

		@Override
		public @Nullable String get(@Nullable Headers carrier, String key) {
			Header header = (carrier != null) ? carrier.lastHeader(key) : null;
			return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8)
					: null;
		}

	}

	/**
	 * Writes record headers as spring-kafka's sender context does: replaces the key, UTF-8 bytes.
	 */
	enum KafkaHeadersSetter implements TextMapSetter<Headers> {

		INSTANCE;

		@Override
		public void set(@Nullable Headers carrier, String key, String value) {
			if (carrier != null) {
				carrier.remove(key);
				carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
			}
		}

	}

}
