package dev.tracewire.bench.micro;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import dev.tracewire.bench.micro.BenchContexts.CheckingExporter;
import dev.tracewire.bench.micro.PropagationBenchmark.HttpHeadersGetter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerHttpObservationDocumentation;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.http.server.reactive.observation.ServerRequestObservationConvention;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

/**
 * One HTTP server span, {@code GET /api/products/42?page=2&size=20} answered with 200, through three paths:
 * <ul>
 * <li>{@code raw-otel}: the OpenTelemetry SDK alone (always-on sampler), as a hand-written instrumentation would
 * do it: extract with OpenTelemetry's default propagators, start a SERVER span, make it current once, set the same
 * attributes the Spring paths end with, end it;</li>
 * <li>{@code boot}: what a WebFlux application does for each request, with Spring's own classes: a
 * {@link ServerRequestObservationContext} observed with {@link DefaultServerRequestObservationConvention} (the
 * convention Boot registers), started, one scope opened and closed while the handler runs and sets the route
 * template, stopped; the {@link ObservationRegistry} comes from a started Boot application with Tracewire off
 * (Boot's tracing handlers, the Micrometer-to-OpenTelemetry bridge, Boot's propagators and SDK);</li>
 * <li>{@code tracewire}: the same, with the registry of the same application with Tracewire on and its defaults
 * (sampler, sampling-hint handlers, hardened propagation, redaction filters and span processor, span-loss
 * processor and counting exporter, the WebFlux server-error handler, the deferred keep);</li>
 * <li>{@code tracewire-unsampled}: Tracewire's defaults with nothing sampled (with {@code incoming=traceparent}, the
 * caller did not sample either): the span is recorded, held for the deferred keep and discarded;
 * {@code tracewire-unsampled-no-keep}: the same with the deferred keep off, so the span is not recorded.</li>
 * </ul>
 * Taking the registry from real applications rather than assembling handlers by hand measures exactly what
 * the auto-configurations wire, and nothing forgotten. All three end in the same synchronous processor and
 * exporter (see {@link BenchContexts.SynchronousExport}); every span is sampled ({@code incoming=traceparent}:
 * under a sampled caller; {@code root}: a new trace). Not included, for any path: WebFlux's request handling
 * itself, observation metrics (Boot's timers need its metrics module, absent here), Tracewire's
 * {@code traceresponse} and lost-context web filters (in the WebFlux load benchmark), and Reactor restoring the
 * span's scope around each operator (in {@link ContextHopBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ServerSpanBenchmark {

	private static final String URL = "http://inventory:8080/api/products/42?page=2&size=20";

	private static final String ROUTE = "/api/products/{id}";

	private static final Map<String, Object> EXCHANGE_ATTRIBUTES = Map.of();

	private static final ServerRequestObservationConvention SPRING_DEFAULT = new DefaultServerRequestObservationConvention();

	@Param({ "raw-otel", "boot", "tracewire", "tracewire-unsampled", "tracewire-unsampled-no-keep" })
	public String path;

	@Param({ "traceparent", "root" })
	public String incoming;

	private @Nullable ConfigurableApplicationContext application;

	private @Nullable SdkTracerProvider rawProvider;

	private ServerSpan serverSpan = () -> "";

	private CheckingExporter exporter = new CheckingExporter();

	@Setup
	public void setUp() {
		MockServerHttpRequest.BaseBuilder<?> builder = MockServerHttpRequest.get(URL)
			.header("accept", "application/json")
			.header("user-agent", "Mozilla/5.0 (X11; Linux x86_64)");
		if ("traceparent".equals(this.incoming)) {
			// The unsampled paths get a caller that did not sample either.
			String traceparent = this.path.startsWith("tracewire-unsampled")
					? PropagationBenchmark.TRACEPARENT.substring(0, PropagationBenchmark.TRACEPARENT.length() - 2) + "00"
					: PropagationBenchmark.TRACEPARENT;
			builder.header("traceparent", traceparent)
				.header("tracestate", PropagationBenchmark.TRACESTATE);
		}
		MockServerHttpRequest request = builder.build();
		MockServerHttpResponse response = new MockServerHttpResponse();
		response.setStatusCode(HttpStatus.OK);
		this.serverSpan = switch (this.path) {
			case "raw-otel" -> rawOtel(request);
			case "boot" -> observed(BenchContexts.BOOT, request, response);
			case "tracewire" -> observed(BenchContexts.TRACEWIRE, request, response);
			case "tracewire-unsampled" -> observed(BenchContexts.TRACEWIRE_UNSAMPLED, request, response);
			case "tracewire-unsampled-no-keep" ->
				observed(BenchContexts.TRACEWIRE_UNSAMPLED_NO_KEEP, request, response);
			default -> throw new IllegalArgumentException(this.path);
		};
		check();
	}

	private ServerSpan rawOtel(MockServerHttpRequest request) {
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
			.build();
		this.rawProvider = provider;
		Tracer tracer = provider.get("bench");
		TextMapPropagator propagator = TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(),
				W3CBaggagePropagator.getInstance());
		return () -> {
			Context parent = propagator.extract(Context.root(), request.getHeaders(), HttpHeadersGetter.INSTANCE);
			Span span = tracer.spanBuilder("http get " + ROUTE)
				.setParent(parent)
				.setSpanKind(SpanKind.SERVER)
				.startSpan();
			try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
				// The handler would run here.
			}
			// The attributes the Spring paths end with (checked in setUp), computed per request as they are.
			span.setAttribute("exception", "none");
			span.setAttribute("method", request.getMethod().name());
			span.setAttribute("outcome", "SUCCESS");
			span.setAttribute("status", "200");
			span.setAttribute("uri", ROUTE);
			span.setAttribute("http.url", request.getPath().value());
			span.end();
			return span;
		};
	}

	private ServerSpan observed(List<String> args, MockServerHttpRequest request, MockServerHttpResponse response) {
		ConfigurableApplicationContext context = BenchContexts.start(WebApplicationType.REACTIVE,
				ServerApplication.class, args);
		this.application = context;
		this.exporter = context.getBean(CheckingExporter.class);
		ObservationRegistry registry = context.getBean(ObservationRegistry.class);
		ServerRequestObservationConvention convention = context
			.getBeanProvider(ServerRequestObservationConvention.class)
			.getIfUnique(() -> SPRING_DEFAULT);
		return () -> {
			ServerRequestObservationContext observationContext = new ServerRequestObservationContext(request,
					response, EXCHANGE_ATTRIBUTES);
			Observation observation = ServerHttpObservationDocumentation.HTTP_REACTIVE_SERVER_REQUESTS
				.observation(convention, SPRING_DEFAULT, () -> observationContext, registry);
			observation.start();
			try (Observation.Scope scope = observation.openScope()) {
				// The handler mapping sets the route template while the request is handled.
				observationContext.setPathPattern(ROUTE);
			}
			observation.stop();
			return observationContext;
		};
	}

	// One span exported per request, a SERVER span under the caller's span; prints what the span carries, so
	// that the paths can be compared. Nothing exported when nothing is sampled.
	private void check() {
		long before = this.exporter.exported();
		this.serverSpan.handle();
		if (this.path.startsWith("tracewire-unsampled")) {
			if (this.exporter.exported() != before) {
				throw new IllegalStateException(this.path + ": expected no span exported, got " + this.exporter.last());
			}
			return;
		}
		SpanData span = this.exporter.last();
		if (this.exporter.exported() != before + 1 || span == null || span.getKind() != SpanKind.SERVER
				|| !span.getSpanContext().isSampled()) {
			throw new IllegalStateException(this.path + ": expected one sampled SERVER span, got " + span);
		}
		boolean underCaller = PropagationBenchmark.TRACEPARENT.substring(3, 35).equals(span.getTraceId())
				&& "00f067aa0ba902b7".equals(span.getParentSpanId());
		if (underCaller != "traceparent".equals(this.incoming)) {
			throw new IllegalStateException(this.path + ": wrong parent " + span.getParentSpanContext());
		}
		TreeSet<String> attributes = new TreeSet<>();
		span.getAttributes().forEach((key, value) -> attributes.add(key.getKey() + "=" + value));
		System.out.println("# " + this.path + ": '" + span.getName() + "' " + span.getKind() + ", parent "
				+ span.getParentSpanId() + ", status " + span.getStatus().getStatusCode() + ", " + attributes);
	}

	@TearDown
	public void tearDown() {
		if (this.application != null) {
			this.application.close();
		}
		if (this.rawProvider != null) {
			this.rawProvider.close();
		}
	}

	@Benchmark
	public Object serverSpan() {
		return this.serverSpan.handle();
	}

	@FunctionalInterface
	interface ServerSpan {

		Object handle();

	}

	/**
	 * Boot's and Tracewire's auto-configurations as a WebFlux application gets them. Boot's WebFlux observation
	 * auto-configuration is left out: it needs Boot's metrics module (absent here) once a meter registry exists,
	 * and only registers Spring's default convention, used here directly.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(
			excludeName = "org.springframework.boot.webflux.autoconfigure.WebFluxObservationAutoConfiguration")
	@Import(BenchContexts.SynchronousExport.class)
	static class ServerApplication {

	}

}
