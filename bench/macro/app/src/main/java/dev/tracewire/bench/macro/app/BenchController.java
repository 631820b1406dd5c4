package dev.tracewire.bench.macro.app;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Hooks;

import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Bench-only figures, read by the runner before and after each measured window (never under load):
 * {@link #stats()} gives process CPU time, bytes allocated by live threads and the request counters;
 * {@link #info()} says what tracing this variant really runs with, to catch a variant that is not what its name
 * says. Both are {@code key=value} lines, served by {@link BenchStatsServer} on a plain socket so that reading them
 * creates no span in any variant (an agent traces every HTTP request).
 */
@Component
class BenchController {

	private static final String[] TRACING_TYPES = { "io.opentelemetry.api.OpenTelemetry",
			"io.micrometer.tracing.Tracer", "io.micrometer.observation.ObservationRegistry",
			"io.opentelemetry.sdk.trace.SdkTracerProvider", "io.opentelemetry.sdk.trace.samplers.Sampler",
			"io.micrometer.core.instrument.MeterRegistry" };

	private final BenchCounters counters;

	private final ApplicationContext context;

	private final Environment environment;

	BenchController(BenchCounters counters, ApplicationContext context, Environment environment) {
		this.counters = counters;
		this.context = context;
		this.environment = environment;
	}

	String stats() {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		long[] ids = threads.getAllThreadIds();
		// Only live threads count: bytes allocated by a thread that died since the last read are lost (see README).
		long allocated = Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter((bytes) -> bytes > 0).sum();
		Map<String, Object> values = new TreeMap<>();
		values.put("cpu_ns", os.getProcessCpuTime());
		values.put("allocated_bytes", allocated);
		values.put("threads", ids.length);
		values.put("hello", this.counters.hello.sum());
		values.put("hello_log", this.counters.helloLog.sum());
		values.put("checkout", this.counters.checkout.sum());
		values.put("sent", this.counters.sent.sum());
		values.put("inserted", this.counters.inserted.sum());
		values.put("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
		return lines(values);
	}

	String info() {
		Map<String, Object> values = new TreeMap<>();
		ClassLoader classLoader = getClass().getClassLoader();
		for (String type : TRACING_TYPES) {
			String key = "bean." + ClassUtils.getShortName(type);
			if (!ClassUtils.isPresent(type, classLoader)) {
				values.put(key, "absent-class");
				continue;
			}
			Class<?> beanType = ClassUtils.resolveClassName(type, classLoader);
			String[] names = this.context.getBeanNamesForType(beanType, false, false);
			values.put(key, (names.length == 0) ? "none"
					: this.context.getBean(names[0]).getClass().getName() + ((names.length > 1) ? " (+more)" : ""));
		}
		this.context.getBeanProvider(ObservationRegistry.class).ifAvailable((registry) -> {
			values.put("observation_registry.noop", registry.isNoop());
			values.put("observation_registry.handlers", handlers(registry));
			values.put("observation_handler_beans",
					java.util.List.of(this.context.getBeanNamesForType(io.micrometer.observation.ObservationHandler.class,
							false, false)));
		});
		values.put("reactor.automatic_context_propagation", Hooks.isAutomaticContextPropagationEnabled());
		for (String property : new String[] { "spring.reactor.context-propagation", "tracewire.enabled",
				"management.tracing.sampling.probability", "tracewire.sampling.probability",
				"spring.kafka.template.observation-enabled", "spring.kafka.listener.observation-enabled",
				"otel.traces.sampler", "otel.sdk.disabled" }) {
			values.put("property." + property, this.environment.getProperty(property, "(unset)"));
		}
		values.put("javaagent", ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.filter((argument) -> argument.startsWith("-javaagent"))
			.findFirst()
			.orElse("none"));
		return lines(values);
	}

	private static String handlers(ObservationRegistry registry) {
		try {
			java.lang.reflect.Method method = ObservationRegistry.ObservationConfig.class
				.getDeclaredMethod("getObservationHandlers");
			method.setAccessible(true);
			return ((java.util.Collection<?>) method.invoke(registry.observationConfig())).stream()
				.map((handler) -> handler.getClass().getName())
				.toList()
				.toString();
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return "unknown (" + ex + ")";
		}
	}

	private static String lines(Map<String, Object> values) {
		StringBuilder text = new StringBuilder();
		values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
		return text.toString();
	}

}
