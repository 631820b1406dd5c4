package dev.tracewire.bench.macro.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One way of running the application: which jar, which JVM flags, which properties. Every traced variant exports
 * over OTLP/HTTP (protobuf) to the same loopback sink and sets its sampling explicitly (Boot's default is 0.1,
 * the agent's 1.0).
 *
 * @param name short name used in the report
 * @param description what the variant is, for the report
 * @param traced whether spans are expected at all
 * @param jar the application jar to start
 * @param jvmArgs JVM flags (the agent's {@code -javaagent} and {@code -Dotel.*})
 * @param appArgs Spring properties as {@code --key=value}
 * @param traceRateLimit the most traces per second the variant samples, or 0 when it samples every trace
 */
record Variant(String name, String description, boolean traced, Path jar, List<String> jvmArgs,
		List<String> appArgs, double traceRateLimit) {

	Variant(String name, String description, boolean traced, Path jar, List<String> jvmArgs, List<String> appArgs) {
		this(name, description, traced, jar, jvmArgs, appArgs, 0);
	}

	/**
	 * Left out of every variant of the main jar: with metrics export off (application.properties) Boot would still
	 * register an empty composite meter registry and a meter handler on every observation. The benchmark compares
	 * tracing only, so no variant has a meter registry or meter handler (and Tracewire's span-loss meters, which need
	 * a registry, are not measured).
	 */
	static final String METRICS_EXCLUDES = String.join(",",
			"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
			"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration");

	/**
	 * Boot's tracing and OpenTelemetry auto-configurations, left out of the untraced variant (main jar only). Boot's
	 * observation registry stays (WebClient's auto-configuration needs it); with no tracing and no meter registry it
	 * has no handler, so every observation is a no-op.
	 */
	static final String UNTRACED_EXCLUDES = String.join(",", METRICS_EXCLUDES,
			"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
			"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
			"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
			"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration");

	/**
	 * The variants of issue 8, in the order they are interleaved.
	 * @param mainJar the default application jar (Tracewire's and Boot's tracing on the classpath)
	 * @param otelStarterJar the jar built with the OpenTelemetry Spring Boot starter, or {@code null} when it could
	 * not be built
	 * @param otelStarterVersion its version, for the name
	 * @param agents the OpenTelemetry Java agent jars, by version
	 * @param sink the OTLP traces endpoint
	 * @param exportDelayMillis the batch span processor's schedule delay to set everywhere, or 0 for each
	 * product's default (5 s for Boot and for the agent)
	 */
	static List<Variant> all(Path mainJar, Path otelStarterJar, String otelStarterVersion,
			List<java.util.Map.Entry<String, Path>> agents, String sink, long exportDelayMillis) {
		List<Variant> variants = new ArrayList<>();
		List<String> untraced = List.of("--tracewire.enabled=false", "--management.opentelemetry.enabled=false",
				"--management.tracing.export.enabled=false", "--spring.autoconfigure.exclude=" + UNTRACED_EXCLUDES);
		variants.add(new Variant("none", "no tracing: Tracewire off, Boot's tracing and OpenTelemetry "
				+ "auto-configurations excluded (observations are no-ops)", false, mainJar, List.of(), untraced));

		List<String> bootExport = bootExport(sink, exportDelayMillis);
		variants.add(new Variant("tracewire", "Tracewire's defaults (context-propagation auto, Kafka observations on), "
				+ "sampling 1.0, rate limit off", true, mainJar, List.of(),
				tracewire(bootExport, "1.0")));
		variants.add(new Variant("tracewire-unsampled", "Tracewire's defaults, sampling 0.0: on but unsampled", true,
				mainJar, List.of(), tracewire(bootExport, "0.0")));
		variants.add(new Variant("boot-limited", "spring-boot-starter-opentelemetry, sampling 1.0, "
				+ "spring.reactor.context-propagation=limited (Boot's default); Tracewire off", true, mainJar, List.of(),
				boot(bootExport, "1.0", "limited")));
		variants.add(new Variant("boot-auto", "spring-boot-starter-opentelemetry, sampling 1.0, "
				+ "spring.reactor.context-propagation=auto; Tracewire off", true, mainJar, List.of(),
				boot(bootExport, "1.0", "auto")));

		for (java.util.Map.Entry<String, Path> agent : agents) {
			List<String> jvm = new ArrayList<>(List.of("-javaagent:" + agent.getValue(), "-Dotel.service.name=macro",
					"-Dotel.traces.sampler=parentbased_always_on", "-Dotel.exporter.otlp.protocol=http/protobuf",
					"-Dotel.exporter.otlp.traces.endpoint=" + sink, "-Dotel.metrics.exporter=none",
					"-Dotel.logs.exporter=none"));
			if (exportDelayMillis > 0) {
				jvm.add("-Dotel.bsp.schedule.delay=" + exportDelayMillis);
			}
			variants.add(new Variant("agent-" + agent.getKey(), "OpenTelemetry Java agent " + agent.getKey()
					+ " on the untraced application, sampler parentbased_always_on", true, mainJar, jvm, untraced));
		}

		if (otelStarterJar != null) {
			List<String> otel = new ArrayList<>(List.of("--otel.service.name=macro",
					"--otel.traces.sampler=parentbased_always_on", "--otel.exporter.otlp.protocol=http/protobuf",
					"--otel.exporter.otlp.traces.endpoint=" + sink, "--otel.metrics.exporter=none",
					"--otel.logs.exporter=none"));
			if (exportDelayMillis > 0) {
				otel.add("--otel.bsp.schedule.delay=" + exportDelayMillis);
			}
			variants.add(new Variant("otel-starter-" + otelStarterVersion, "OpenTelemetry Spring Boot starter "
					+ otelStarterVersion + " (second jar), sampler parentbased_always_on", true, otelStarterJar,
					List.of(), otel));
		}
		return variants;
	}

	/**
	 * Variants run only when named with {@code --variants}: the settings a Tracewire user is most likely to turn,
	 * and the floor of Boot's own tracing.
	 * @param mainJar the default application jar
	 * @param baselineJar an application jar built from earlier code ({@code --baseline-jar}), or {@code null}
	 * @param sink the OTLP traces endpoint
	 * @param exportDelayMillis as for {@link #all}
	 */
	static List<Variant> extras(Path mainJar, @Nullable Path baselineJar, String sink, long exportDelayMillis) {
		List<String> bootExport = bootExport(sink, exportDelayMillis);
		List<Variant> extras = new ArrayList<>(List.of(
				new Variant("tracewire-limited", "Tracewire's defaults but spring.reactor.context-propagation=limited "
						+ "(Boot's default) and lost-context detection off, sampling 1.0, rate limit off", true,
						mainJar, List.of(), concat(tracewire(bootExport, "1.0"), "--spring.reactor.context-propagation=limited",
								"--tracewire.webflux.lost-context.enabled=false")),
				new Variant("tracewire-unsampled-no-keep", "tracewire-unsampled with the deferred keep off "
						+ "(tracewire.sampling.keep.enabled=false): what is not sampled is not recorded", true, mainJar,
						List.of(), concat(tracewire(bootExport, "0.0"), "--tracewire.sampling.keep.enabled=false")),
				new Variant("tracewire-defaults", "Tracewire as shipped: sampling 1.0 within the rate limit of "
						+ "100 traces per second", true, mainJar, List.of(), bootExport, 100),
				new Variant("boot-auto-unsampled", "spring-boot-starter-opentelemetry, sampling 0.0, "
						+ "spring.reactor.context-propagation=auto; Tracewire off", true, mainJar, List.of(),
						boot(bootExport, "0.0", "auto")),
				new Variant("tracewire-export-queue", "tracewire with Boot's batch span processor given a queue of "
						+ "8192 spans and batches of 2048 (Boot's defaults: 2048 and 512)", true, mainJar, List.of(),
						concat(tracewire(bootExport, "1.0"), "--management.opentelemetry.tracing.export.max-queue-size=8192",
								"--management.opentelemetry.tracing.export.max-batch-size=2048"))));
		if (baselineJar != null) {
			extras.add(new Variant("tracewire-baseline", "the tracewire variant's settings on the application jar "
					+ "given with --baseline-jar (" + baselineJar.getFileName() + "): old and new code alternated "
					+ "in one run", true, baselineJar, List.of(), tracewire(bootExport, "1.0")));
		}
		return extras;
	}

	// Tracewire's defaults at one sampling probability, with the rate limit off so that every trace is sampled.
	private static List<String> tracewire(List<String> bootExport, String probability) {
		return concat(bootExport, "--management.tracing.sampling.probability=" + probability,
				"--tracewire.sampling.probability=" + probability, "--tracewire.sampling.rate-limit.enabled=false");
	}

	// Boot's tracing alone (Tracewire off) at one sampling probability and Reactor context propagation mode.
	private static List<String> boot(List<String> bootExport, String probability, String propagation) {
		return concat(bootExport, "--tracewire.enabled=false",
				"--management.tracing.sampling.probability=" + probability,
				"--spring.reactor.context-propagation=" + propagation);
	}

	private static List<String> bootExport(String sink, long exportDelayMillis) {
		List<String> bootExport = new ArrayList<>(
				List.of("--spring.autoconfigure.exclude=" + METRICS_EXCLUDES,
						"--management.opentelemetry.tracing.export.otlp.endpoint=" + sink,
						"--management.opentelemetry.tracing.export.otlp.transport=http"));
		if (exportDelayMillis > 0) {
			bootExport.add("--management.opentelemetry.tracing.export.schedule-delay=" + exportDelayMillis + "ms");
		}
		return bootExport;
	}

	private static List<String> concat(List<String> first, String... more) {
		List<String> all = new ArrayList<>(first);
		all.addAll(List.of(more));
		return all;
	}

}
