package dev.tracewire.bench.micro;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * The cost of carrying context through Reactor: a {@code Mono} that hops to {@link Schedulers#parallel()} with
 * {@code publishOn}, and the same hop followed by ten operators ({@code map}, {@code filter}, {@code flatMap},
 * {@code doOnNext}, {@code handle}), subscribed with {@code block()}, in Reactor's two modes:
 * <ul>
 * <li>{@code auto}: {@link Hooks#enableAutomaticContextPropagation()} (Tracewire's default,
 * {@code spring.reactor.context-propagation=auto}): thread-locals are restored from the Reactor context around
 * every operator's work, so the lambdas below see them;</li>
 * <li>{@code limited} (Boot's default): only {@code handle} and {@code tap} restore them.</li>
 * </ul>
 * The values enter the chain with {@code contextWrite}, as WebFlux puts the request's observation there (in
 * {@code limited} mode an application would use {@code contextCapture()} for thread-locals of the subscribing
 * thread; the per-operator cost, what this measures, is the same). Every chain ends in a {@code handle} that
 * reads the values in both modes; the other lambdas read them too, and see them only with {@code auto}.
 * <p>
 * With 1 and 3 {@link ThreadLocalAccessor}s registered (and no others: the ones found on the class path are
 * removed for the run): one that stands for Micrometer's observation accessor (a thread-local holding an object;
 * the real one also opens the observation's scope, a tracing cost measured in {@link ServerSpanBenchmark}), one
 * for the log MDC (SLF4J's {@link MDC} over Logback), one dummy. Reactor's hook and the registry are global: every
 * parameter combination runs in its own JVM (JMH forks per combination; never run this with {@code -f 0}).
 * Both modes pay the same thread hand-off to the parallel scheduler and back to the blocked caller; on one pinned
 * core it dominates the time, and the difference between the modes is the propagation cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContextHopBenchmark {

	static final String OBSERVATION_KEY = "bench.observation";

	static final String MDC_KEY = "bench.mdc";

	static final String TENANT_KEY = "bench.tenant";

	static final ThreadLocal<@Nullable Object> OBSERVATION = new ThreadLocal<>();

	static final ThreadLocal<@Nullable String> TENANT = new ThreadLocal<>();

	@Param({ "auto", "limited" })
	public String mode;

	@Param({ "1", "3" })
	public int accessors;

	private final List<ThreadLocalAccessor<?>> removed = new ArrayList<>();

	private final List<ThreadLocalAccessor<?>> registered = new ArrayList<>();

	private Context values = Context.empty();

	// Sanity counters, updated by whichever thread runs the lambdas; block() orders them with the caller.
	private long handled;

	private long seenInHandle;

	private long seenInOperators;

	private long operatorCalls;

	@Setup(Level.Trial)
	public void setUp() {
		if ("auto".equals(this.mode)) {
			Hooks.enableAutomaticContextPropagation();
		}
		else if ("limited".equals(this.mode)) {
			Hooks.disableAutomaticContextPropagation();
		}
		else {
			throw new IllegalArgumentException(this.mode);
		}
		ContextRegistry registry = ContextRegistry.getInstance();
		for (ThreadLocalAccessor<?> accessor : List.copyOf(registry.getThreadLocalAccessors())) {
			registry.removeThreadLocalAccessor(accessor.key());
			this.removed.add(accessor);
		}
		this.registered.add(new ObservationLikeAccessor());
		if (this.accessors == 3) {
			this.registered.add(new MdcAccessor());
			this.registered.add(new TenantAccessor());
		}
		else if (this.accessors != 1) {
			throw new IllegalArgumentException("accessors: 1 or 3");
		}
		this.registered.forEach(registry::registerThreadLocalAccessor);
		this.values = (this.accessors == 1) ? Context.of(OBSERVATION_KEY, new Object())
				: Context.of(OBSERVATION_KEY, new Object(), MDC_KEY, "4bf92f3577b34da6a3ce929d0e0e4736", TENANT_KEY,
						"tenant-7");
	}

	@Setup(Level.Iteration)
	public void resetCounters() {
		this.handled = 0;
		this.seenInHandle = 0;
		this.seenInOperators = 0;
		this.operatorCalls = 0;
	}

	@TearDown(Level.Iteration)
	public void checkCounters() {
		if (this.seenInHandle != this.handled) {
			throw new IllegalStateException("handle() lost the context in " + (this.handled - this.seenInHandle)
					+ " of " + this.handled + " runs");
		}
		System.out.printf("# %s, %d accessor(s): context seen in handle %d/%d, in other operators %d/%d%n",
				this.mode, this.accessors, this.seenInHandle, this.handled, this.seenInOperators,
				this.operatorCalls);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		ContextRegistry registry = ContextRegistry.getInstance();
		this.registered.forEach((accessor) -> registry.removeThreadLocalAccessor(accessor.key()));
		this.removed.forEach(registry::registerThreadLocalAccessor);
		Hooks.disableAutomaticContextPropagation();
	}

	@Benchmark
	public @Nullable Integer publishOnHop() {
		return Mono.just(1).publishOn(Schedulers.parallel()).handle(this::last).contextWrite(this.values).block();
	}

	@Benchmark
	public @Nullable Integer publishOnAndTenOperators() {
		return Mono.just(1)
			.publishOn(Schedulers.parallel())
			.map(this::step)
			.filter(this::positive)
			.flatMap((value) -> Mono.just(step(value)))
			.map(this::step)
			.doOnNext(this::peek)
			.filter(this::positive)
			.flatMap((value) -> Mono.fromSupplier(() -> step(value)))
			.map(this::step)
			.handle(this::next)
			.handle(this::last)
			.contextWrite(this.values)
			.block();
	}

	private int step(int value) {
		see();
		return value + 1;
	}

	private boolean positive(int value) {
		see();
		return value > 0;
	}

	private void peek(int value) {
		see();
	}

	private void next(int value, SynchronousSink<Integer> sink) {
		see();
		sink.next(value + 1);
	}

	private void last(int value, SynchronousSink<Integer> sink) {
		this.handled++;
		if (OBSERVATION.get() != null) {
			this.seenInHandle++;
		}
		sink.next(value);
	}

	private void see() {
		this.operatorCalls++;
		if (OBSERVATION.get() != null) {
			this.seenInOperators++;
		}
	}

	static final class ObservationLikeAccessor implements ThreadLocalAccessor<Object> {

		@Override
		public Object key() {
			return OBSERVATION_KEY;
		}

		@Override
		public @Nullable Object getValue() {
			return OBSERVATION.get();
		}

		@Override
		public void setValue(Object value) {
			OBSERVATION.set(value);
		}

		@Override
		public void setValue() {
			OBSERVATION.remove();
		}

	}

	static final class MdcAccessor implements ThreadLocalAccessor<String> {

		@Override
		public Object key() {
			return MDC_KEY;
		}

		@Override
		public @Nullable String getValue() {
			return MDC.get("traceId");
		}

		@Override
		public void setValue(String value) {
			MDC.put("traceId", value);
		}

		@Override
		public void setValue() {
			MDC.remove("traceId");
		}

	}

	static final class TenantAccessor implements ThreadLocalAccessor<String> {

		@Override
		public Object key() {
			return TENANT_KEY;
		}

		@Override
		public @Nullable String getValue() {
			return TENANT.get();
		}

		@Override
		public void setValue(String value) {
			TENANT.set(value);
		}

		@Override
		public void setValue() {
			TENANT.remove();
		}

	}

}
