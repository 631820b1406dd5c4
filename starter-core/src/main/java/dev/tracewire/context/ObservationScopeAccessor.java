package dev.tracewire.context;

import java.lang.ref.WeakReference;
import java.util.Arrays;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.NullObservation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Micrometer's thread-local accessor for the current observation, with two transitions made cheaper and nothing
 * else changed: what Reactor's automatic context propagation (and every {@code ContextSnapshot}) asks of it
 * around each operator.
 * <ul>
 * <li><b>Setting the observation that is already current</b> opens no scope: Micrometer would open one through
 * every observation handler, and the tracing handler would find the span already current and change nothing. The
 * matching restore then closes nothing. About two thirds of the sets on a checkout's reactive chain are such.
 * It is skipped only when the trace context is the observation's too (no span made current by hand since).</li>
 * <li><b>Clearing</b> reuses one {@link NullObservation} per thread and registry, where Micrometer builds a new one
 * (four concurrent maps and a handler list) each time; clearing while a {@code NullObservation} is already current
 * opens nothing, as above.</li>
 * </ul>
 * Registered under Micrometer's key ({@link ObservationThreadLocalAccessor#KEY}) by {@link #register()}, once per
 * JVM: every later transition goes through it, for every application in the JVM. It keeps nothing of an
 * application: its only state is per thread, and the cached {@code NullObservation} is held weakly.
 */
public final class ObservationScopeAccessor extends ObservationThreadLocalAccessor {

	/**
	 * Nested transitions that changed nothing, tracked per thread; deeper nesting than this is handled as
	 * Micrometer would.
	 */
	static final int MAX_SKIPPED = 32;

	private static final boolean TRACING_PRESENT = ClassUtils.isPresent(
			"io.micrometer.tracing.handler.TracingObservationHandler", ObservationScopeAccessor.class.getClassLoader());

	private static final boolean OPENTELEMETRY_PRESENT = ClassUtils.isPresent("io.opentelemetry.api.trace.Span",
			ObservationScopeAccessor.class.getClassLoader());

	private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

	private static final Object REGISTRATION_LOCK = new Object();

	private ObservationScopeAccessor(ObservationRegistry registry) {
		super(registry);
	}

	/**
	 * Registers this accessor with Micrometer's global {@link ContextRegistry} in place of Micrometer's own, unless
	 * it is registered already.
	 * @return whether this call registered it
	 */
	public static boolean register() {
		synchronized (REGISTRATION_LOCK) {
			ContextRegistry contextRegistry = ContextRegistry.getInstance();
			for (ThreadLocalAccessor<?> accessor : contextRegistry.getThreadLocalAccessors()) {
				if (accessor instanceof ObservationScopeAccessor) {
					return false;
				}
			}
			// Any registry instance reads the same thread local: Micrometer's accessor does the same.
			contextRegistry.registerThreadLocalAccessor(new ObservationScopeAccessor(ObservationRegistry.create()));
			return true;
		}
	}

	@Override
	public void setValue(Observation value) {
		Observation.Scope current = getObservationRegistry().getCurrentObservationScope();
		if (current != null && current.getCurrentObservation() == value && traceContextIsCurrent(value)
				&& STATE.get().skip(current)) {
			return;
		}
		super.setValue(value);
	}

	@Override
	public void setValue() {
		Observation.Scope current = getObservationRegistry().getCurrentObservationScope();
		Observation observation = (current != null) ? current.getCurrentObservation() : null;
		if (current == null || observation == null) {
			return;
		}
		ThreadState state = STATE.get();
		if (observation instanceof NullObservation && state.skip(current)) {
			return;
		}
		state.nullObservation(observation.getObservationRegistry()).openScope();
	}

	@Override
	public void restore(Observation value) {
		ThreadState state = STATE.get();
		if (state.unskip(getObservationRegistry().getCurrentObservationScope())) {
			return;
		}
		super.restore(value);
		state.forgetIfIdle(getObservationRegistry().getCurrentObservationScope());
	}

	@Override
	public void restore() {
		super.restore();
		STATE.get().forgetIfIdle(getObservationRegistry().getCurrentObservationScope());
	}

	// The tracing handler would make the observation's span current again: a no-op only if it still is.
	private static boolean traceContextIsCurrent(Observation observation) {
		if (!TRACING_PRESENT) {
			return true;
		}
		TracingContext tracing = observation.getContextView().get(TracingContext.class);
		io.micrometer.tracing.Span span = (tracing != null) ? tracing.getSpan() : null;
		if (span == null) {
			return true;
		}
		if (!OPENTELEMETRY_PRESENT) {
			return false;
		}
		TraceContext expected = span.context();
		SpanContext current = Span.current().getSpanContext();
		return current.getSpanId().equals(expected.spanId()) && current.getTraceId().equals(expected.traceId());
	}

	/**
	 * What one thread remembers: the scopes that were current when a transition was skipped, innermost last, and
	 * the {@code NullObservation} it clears with.
	 */
	private static final class ThreadState {

		private final Observation.@Nullable Scope[] skipped = new Observation.Scope[MAX_SKIPPED];

		private int depth;

		private @Nullable WeakReference<NullObservation> nullObservation;

		// Whether the transition may be skipped; if so, its restore will find this scope current.
		boolean skip(Observation.Scope current) {
			if (this.depth == MAX_SKIPPED) {
				return false;
			}
			this.skipped[this.depth++] = current;
			return true;
		}

		// Whether this restore belongs to a skipped transition: nothing was opened for it, so nothing is closed.
		boolean unskip(Observation.@Nullable Scope current) {
			if (this.depth > 0 && this.skipped[this.depth - 1] == current) {
				this.skipped[--this.depth] = null;
				return true;
			}
			return false;
		}

		// Once nothing is current, no skipped transition can still be open: a scope left open by mistake on the
		// way must not make a later restore look like a skipped one.
		void forgetIfIdle(Observation.@Nullable Scope current) {
			if (current == null && this.depth > 0) {
				Arrays.fill(this.skipped, 0, this.depth, null);
				this.depth = 0;
			}
		}

		NullObservation nullObservation(ObservationRegistry registry) {
			NullObservation cached = (this.nullObservation != null) ? this.nullObservation.get() : null;
			if (cached == null || cached.getObservationRegistry() != registry) {
				cached = new NullObservation(registry);
				// Weakly held: an idle thread keeps no application's registry alive. While one of its scopes is
				// open, the scope holds it.
				this.nullObservation = new WeakReference<>(cached);
			}
			return cached;
		}

	}

}
