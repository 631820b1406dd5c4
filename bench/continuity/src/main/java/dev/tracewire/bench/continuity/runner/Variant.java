package dev.tracewire.bench.continuity.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * One tracing setup the application runs under: which classpath (a profile of the module's pom), which JVM
 * options and which application properties. In the options, {@code {otlp}} stands for the collector's base URL,
 * {@code {otlp-traces}} for its traces URL and {@code {agents}} for the directory holding the agent jars.
 *
 * @param name the column name
 * @param classpath the classpath: {@code tracewire}, {@code boot}, {@code otel-starter} or {@code bare}
 * @param setup what the setup is, for the report
 * @param jvmOptions extra JVM options
 * @param properties extra application properties ({@code key=value})
 */
public record Variant(String name, String classpath, String setup, List<String> jvmOptions, List<String> properties) {

	private static final List<String> BOOT_EXPORT = List.of(
			"management.opentelemetry.tracing.export.otlp.endpoint={otlp-traces}",
			"management.opentelemetry.tracing.export.schedule-delay=200ms",
			"management.otlp.metrics.export.enabled=false");

	private static final List<String> BOOT_USER = List.of("management.tracing.sampling.probability=1.0",
			"spring.kafka.template.observation-enabled=true", "spring.kafka.listener.observation-enabled=true");

	/**
	 * The agent versions compared: 2.28.1 bundles the OpenTelemetry SDK Boot 4.1 uses (1.62.0), 2.33.1 is the
	 * newest release that resolves (run.sh copies the same versions to the agents directory).
	 */
	static final List<String> AGENT_VERSIONS = List.of("2.28.1", "2.33.1");

	/**
	 * The OpenTelemetry Spring Boot starter compared: the newest that resolves (2.28.x and 2.33.1 do not); the pom's
	 * {@code otel-starter.version} puts it on the classpath.
	 */
	static final String OTEL_STARTER_VERSION = "2.27.0";

	/**
	 * Returns every setup, in the order of the report's columns.
	 * @return the variants
	 */
	static List<Variant> all() {
		List<Variant> variants = new ArrayList<>();
		variants.add(new Variant("tracewire", "tracewire",
				"Tracewire's starters (core, webflux, messaging) with their defaults; OTLP export", List.of(),
				BOOT_EXPORT));
		variants.add(new Variant("boot-limited", "boot",
				"`spring-boot-starter-opentelemetry`: Boot's defaults plus sampling 1.0 and spring-kafka's observations "
						+ "switched on (`spring.kafka.template/listener.observation-enabled=true`); Reactor propagation "
						+ "`limited` (Boot's default)",
				List.of(), concat(BOOT_USER, BOOT_EXPORT)));
		variants.add(new Variant("boot-auto", "boot", "as `boot-limited`, plus `spring.reactor.context-propagation=auto`",
				List.of(), concat(BOOT_USER, List.of("spring.reactor.context-propagation=auto"), BOOT_EXPORT)));
		variants.add(new Variant("boot-tuned", "boot",
				"as `boot-auto`, plus `spring.task.execution.propagate-context=true`: every propagation switch Boot has",
				List.of(), concat(BOOT_USER,
						List.of("spring.reactor.context-propagation=auto", "spring.task.execution.propagate-context=true"),
						BOOT_EXPORT)));
		for (String version : AGENT_VERSIONS) {
			variants.add(new Variant("agent-" + version, "bare",
					"OpenTelemetry Java agent " + version + " (`-javaagent`, defaults), on the application without Boot's "
							+ "tracing or Tracewire on the classpath",
					List.of("-javaagent:{agents}/opentelemetry-javaagent-" + version + ".jar",
							"-Dotel.service.name=continuity", "-Dotel.exporter.otlp.protocol=http/protobuf",
							"-Dotel.exporter.otlp.endpoint={otlp}", "-Dotel.metrics.exporter=none",
							"-Dotel.logs.exporter=none", "-Dotel.bsp.schedule.delay=200"),
					List.of()));
		}
		variants.add(new Variant("otel-starter-" + OTEL_STARTER_VERSION, "otel-starter",
				"`io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter:" + OTEL_STARTER_VERSION
						+ "` with its defaults (no Boot tracing on the classpath)",
				List.of(), List.of("otel.service.name=continuity", "otel.exporter.otlp.protocol=http/protobuf",
						"otel.exporter.otlp.endpoint={otlp}", "otel.metrics.exporter=none", "otel.logs.exporter=none",
						"otel.bsp.schedule.delay=200")));
		return variants;
	}

	@SafeVarargs
	private static List<String> concat(List<String>... lists) {
		List<String> all = new ArrayList<>();
		for (List<String> list : lists) {
			all.addAll(list);
		}
		return List.copyOf(all);
	}

}
