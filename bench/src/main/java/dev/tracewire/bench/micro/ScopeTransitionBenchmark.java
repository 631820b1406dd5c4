package dev.tracewire.bench.micro;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
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

/**
 * What Reactor's automatic context propagation asks of the accessor registered under Micrometer's observation key,
 * with a started, sampled observation from a real application's registry (every handler, the OpenTelemetry bridge,
 * Boot's scope events and log correlation), in the patterns the hot-path counts found per request
 * ({@code HotPathCountsTests}):
 * <ul>
 * <li>{@code hop}: on a thread with nothing current, set the observation, clear it (an operator whose context
 * lacks it), set it again, and restore all three: what one {@code GET /hello} does, 2 sets, 1 clear that opens a
 * {@code NullObservation}, 3 restores;</li>
 * <li>{@code setCurrent}: with the observation current, set it again and restore: two thirds of the sets on a
 * checkout's reactive chain.</li>
 * </ul>
 * Paths: {@code boot} (Tracewire off: Micrometer's accessor), {@code tracewire} (its defaults, with
 * {@code ObservationScopeAccessor}) and {@code tracewire-micrometer-accessor} (Tracewire with
 * {@code tracewire.scopes.enabled=false}: the lever alone). One fork per path: the accessor is registered per JVM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScopeTransitionBenchmark {

	@Param({ "boot", "tracewire", "tracewire-micrometer-accessor" })
	public String path;

	private @Nullable ConfigurableApplicationContext application;

	private @Nullable ThreadLocalAccessor<Observation> accessor;

	private @Nullable Observation observation;

	private Observation.@Nullable Scope current;

	@Setup
	@SuppressWarnings("unchecked")
	public void setUp() {
		List<String> args = switch (this.path) {
			case "boot" -> BenchContexts.BOOT;
			case "tracewire" -> BenchContexts.TRACEWIRE;
			case "tracewire-micrometer-accessor" -> concat(BenchContexts.TRACEWIRE, "--tracewire.scopes.enabled=false");
			default -> throw new IllegalArgumentException(this.path);
		};
		this.application = BenchContexts.start(WebApplicationType.NONE, ScopeApplication.class, args);
		ObservationRegistry registry = this.application.getBean(ObservationRegistry.class);
		this.accessor = (ThreadLocalAccessor<Observation>) ContextRegistry.getInstance()
			.getThreadLocalAccessors()
			.stream()
			.filter((candidate) -> ObservationThreadLocalAccessor.KEY.equals(candidate.key()))
			.findFirst()
			.orElseThrow();
		boolean tracewireAccessor = this.accessor.getClass().getName().endsWith("ObservationScopeAccessor");
		if (tracewireAccessor != "tracewire".equals(this.path)) {
			throw new IllegalStateException(this.path + ": unexpected accessor " + this.accessor.getClass());
		}
		this.observation = Observation.start("bench.request", registry);
		System.out.println("# " + this.path + ": " + this.accessor.getClass().getName());
	}

	private static List<String> concat(List<String> args, String more) {
		List<String> all = new ArrayList<>(args);
		all.add(more);
		return all;
	}

	@TearDown
	public void tearDown() {
		if (this.current != null) {
			this.current.close();
		}
		if (this.observation != null) {
			this.observation.stop();
		}
		if (this.application != null) {
			this.application.close();
		}
	}

	@Benchmark
	public @Nullable Object hop() {
		ThreadLocalAccessor<Observation> accessor = this.accessor;
		closeCurrent();
		Observation first = accessor.getValue();
		accessor.setValue(this.observation);
		Observation second = accessor.getValue();
		accessor.setValue();
		Observation third = accessor.getValue();
		accessor.setValue(this.observation);
		Object seen = accessor.getValue();
		restore(accessor, third);
		restore(accessor, second);
		restore(accessor, first);
		return seen;
	}

	@Benchmark
	public @Nullable Object setCurrent() {
		ThreadLocalAccessor<Observation> accessor = this.accessor;
		openCurrent();
		Observation previous = accessor.getValue();
		accessor.setValue(this.observation);
		Object seen = accessor.getValue();
		restore(accessor, previous);
		return seen;
	}

	// The state each benchmark starts from, set once per thread (Scope.Thread: setup and benchmark share it).
	private void openCurrent() {
		if (this.current == null) {
			this.current = this.observation.openScope();
		}
	}

	private void closeCurrent() {
		if (this.current != null) {
			this.current.close();
			this.current = null;
		}
	}

	private static void restore(ThreadLocalAccessor<Observation> accessor, @Nullable Observation previous) {
		if (previous != null) {
			accessor.restore(previous);
		}
		else {
			accessor.restore();
		}
	}

	/**
	 * Boot's and Tracewire's auto-configurations without a web server.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(BenchContexts.SynchronousExport.class)
	static class ScopeApplication {

	}

}
