package dev.tracewire.bench.micro;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.tracewire.redaction.ExceptionRedactor;
import dev.tracewire.redaction.ExportRedactingSpanProcessor;
import dev.tracewire.redaction.Redactor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.boot.web.context.reactive.AnnotationConfigReactiveWebApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the small Spring Boot applications some micro benchmarks take their objects from, with the real
 * auto-configurations of Boot and Tracewire, so that what is measured is wired exactly as in an application.
 */
final class BenchContexts {

	/**
	 * Boot's tracing on its own: Tracewire off, every trace sampled (Boot's default samples one in ten).
	 */
	static final List<String> BOOT = List.of("--tracewire.enabled=false",
			"--management.tracing.sampling.probability=1.0");

	/**
	 * Tracewire with its defaults, every trace sampled, the rate limit off: a microbenchmark starts millions of
	 * traces a second and the limiter (100 a second) would leave almost all of them unsampled, hence much cheaper
	 * ({@code SamplerBenchmark} measures the limiter itself). The same settings as the load benchmarks.
	 */
	static final List<String> TRACEWIRE = List.of("--management.tracing.sampling.probability=1.0",
			"--tracewire.sampling.rate-limit.enabled=false");

	/**
	 * Tracewire with its defaults and nothing sampled: every trace is recorded and held for the deferred keep, then
	 * discarded (none fails or is slow).
	 */
	static final List<String> TRACEWIRE_UNSAMPLED = List.of("--tracewire.sampling.probability=0");

	/**
	 * The same with the deferred keep off: what is not sampled is not recorded.
	 */
	static final List<String> TRACEWIRE_UNSAMPLED_NO_KEEP = List.of("--tracewire.sampling.probability=0",
			"--tracewire.sampling.keep.enabled=false");

	private BenchContexts() {
	}

	/**
	 * Starts an application without a web server.
	 * @param type {@link WebApplicationType#REACTIVE} for conditions on a reactive web application (an
	 * application context of that kind is made, but no server is started), else {@link WebApplicationType#NONE}
	 * @param source the configuration class
	 * @param args the variant's properties as command-line arguments
	 * @return the started context
	 */
	static ConfigurableApplicationContext start(WebApplicationType type, Class<?> source, List<String> args) {
		SpringApplication application = new SpringApplication(source);
		application.setWebApplicationType(type);
		if (type == WebApplicationType.REACTIVE) {
			application.setApplicationContextFactory(
					(ignored) -> new AnnotationConfigReactiveWebApplicationContext());
		}
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		List<String> all = new ArrayList<>(args);
		all.add("--logging.level.root=WARN");
		all.add("--spring.main.register-shutdown-hook=false");
		return application.run(all.toArray(String[]::new));
	}

	/**
	 * What each context in these benchmarks adds to the application: a meter registry (as the actuator would
	 * give; Tracewire's span-loss meters count into it) and one change to export. Boot exports through a
	 * {@link BatchSpanProcessor}, whose queue a microbenchmark fills in a millisecond, then drops spans on a
	 * background thread; here its place in the processor list goes to a {@link SimpleSpanProcessor} over the same
	 * exporters Boot would use (for Tracewire, wrapped in its counting exporters), ending in a
	 * {@link CheckingExporter}. The raw OpenTelemetry baselines end in the same processor and exporter.
	 */
	@Configuration(proxyBeanMethods = false)
	static class SynchronousExport {

		@Bean
		CheckingExporter checkingExporter() {
			return new CheckingExporter();
		}

		@Bean
		SimpleMeterRegistry benchMeterRegistry() {
			return new SimpleMeterRegistry();
		}

		// Replaces Tracewire's SpanProcessors bean too, so it wraps like Tracewire's (redaction at export) when on.
		@Bean
		SpanProcessors spanProcessors(ObjectProvider<SpanProcessor> spanProcessors,
				ObjectProvider<SpanExporters> spanExporters, ObjectProvider<Redactor> redactor,
				ObjectProvider<ExceptionRedactor> exceptions) {
			List<SpanProcessor> processors = new ArrayList<>();
			for (SpanProcessor processor : spanProcessors.orderedStream().toList()) {
				if (processor instanceof BatchSpanProcessor) {
					SpanExporters exporters = spanExporters.getObject();
					processors.add(SimpleSpanProcessor.create(SpanExporter.composite(exporters.list())));
				}
				else {
					processors.add(processor);
				}
			}
			Redactor masks = redactor.getIfAvailable();
			if (masks != null) {
				return SpanProcessors.of(ExportRedactingSpanProcessor.wrapAll(processors, masks, exceptions.getObject()));
			}
			return SpanProcessors.of(processors);
		}

	}

	/**
	 * An exporter that takes each span's data, as a real one would, and keeps only a count and the last span for
	 * the benchmarks' self-checks.
	 */
	static final class CheckingExporter implements SpanExporter {

		private long exported;

		private @Nullable SpanData last;

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.exported += spans.size();
			for (SpanData span : spans) {
				this.last = span;
			}
			return CompletableResultCode.ofSuccess();
		}

		long exported() {
			return this.exported;
		}

		@Nullable SpanData last() {
			return this.last;
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

}
