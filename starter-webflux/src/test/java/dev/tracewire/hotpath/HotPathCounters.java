package dev.tracewire.hotpath;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.NullObservation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.otel.bridge.EventListener;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Hooks;

/**
 * Counts what the trace context costs a request in steps, not in time: thread-local transitions of the current
 * observation (what Reactor's automatic context propagation asks of the accessor registered under Micrometer's
 * key), observation handler calls, and OpenTelemetry context attachments that publish scope events (each one
 * writes the log MDC). Counts are stable where times are not, so the build can keep a gain from slipping back.
 * <p>
 * As beans, the handler and the event listener are added by Boot to every observation and to its scope event
 * publisher; the accessor is wrapped around whichever one is registered once the application has started.
 */
final class HotPathCounters {

	private static final String HOOK_KEY = HotPathCounters.class.getName();

	private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

	final Handler handler = new Handler();

	final Listener listener = new Listener();

	private @Nullable ThreadLocalAccessor<?> wrapped;

	/**
	 * Starts counting the transitions of the accessor registered under Micrometer's observation key.
	 */
	@SuppressWarnings("unchecked")
	void watchAccessor() {
		ContextRegistry registry = ContextRegistry.getInstance();
		ThreadLocalAccessor<Object> accessor = (ThreadLocalAccessor<Object>) registry.getThreadLocalAccessors()
			.stream()
			.filter((candidate) -> ObservationThreadLocalAccessor.KEY.equals(candidate.key()))
			.findFirst()
			.orElseThrow();
		this.wrapped = accessor;
		registry.registerThreadLocalAccessor(new CountingAccessor(accessor));
	}

	/**
	 * Puts back the accessor that {@link #watchAccessor()} wrapped.
	 */
	void unwatchAccessor() {
		if (this.wrapped != null) {
			ContextRegistry.getInstance().registerThreadLocalAccessor(this.wrapped);
			this.wrapped = null;
		}
	}

	/**
	 * Starts counting Reactor operators as they are assembled: with automatic context propagation, Reactor checks
	 * each one, and restores the thread locals around the signals of those it wraps.
	 */
	void watchOperators() {
		Hooks.onEachOperator(HOOK_KEY, (publisher) -> {
			count("reactor.operators");
			return publisher;
		});
	}

	void unwatchOperators() {
		Hooks.resetOnEachOperator(HOOK_KEY);
	}

	void reset() {
		this.counts.clear();
	}

	long get(String name) {
		AtomicLong count = this.counts.get(name);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Returns the sum of the counts whose name starts with the prefix.
	 */
	long sum(String prefix) {
		return this.counts.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(prefix))
			.mapToLong((entry) -> entry.getValue().get())
			.sum();
	}

	/**
	 * Returns every count divided by the number of requests, for messages.
	 */
	String perRequest(int requests) {
		Map<String, String> sorted = new TreeMap<>();
		this.counts.forEach((name, count) -> sorted.put(name, String.format("%.2f", (double) count.get() / requests)));
		return sorted.entrySet().stream().map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining(", ", "{", "}"));
	}

	private void count(String name) {
		this.counts.computeIfAbsent(name, (key) -> new AtomicLong()).incrementAndGet();
	}

	/**
	 * Counts each notification that observations send their handlers, by kind of context (a {@code NullContext} is
	 * what clearing the current observation opens).
	 */
	final class Handler implements ObservationHandler<Observation.Context> {

		private String kind(Observation.Context context) {
			return (context instanceof NullObservation.NullContext) ? "null" : "observation";
		}

		@Override
		public void onStart(Observation.Context context) {
			count("handler.start." + kind(context));
		}

		@Override
		public void onStop(Observation.Context context) {
			count("handler.stop." + kind(context));
		}

		@Override
		public void onError(Observation.Context context) {
			count("handler.error." + kind(context));
		}

		@Override
		public void onEvent(Observation.Event event, Observation.Context context) {
			count("handler.event." + kind(context));
		}

		@Override
		public void onScopeOpened(Observation.Context context) {
			count("handler.scope-opened." + kind(context));
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			count("handler.scope-closed." + kind(context));
		}

		@Override
		public void onScopeReset(Observation.Context context) {
			count("handler.scope-reset." + kind(context));
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	/**
	 * Counts the scope events OpenTelemetry's context storage publishes when a context is attached, closed and the
	 * previous one restored; Boot's log correlation writes the MDC on each.
	 */
	final class Listener implements EventListener {

		@Override
		public void onEvent(Object event) {
			if (event instanceof EventPublishingContextWrapper.ScopeAttachedEvent) {
				count("otel.attached");
			}
			else if (event instanceof EventPublishingContextWrapper.ScopeClosedEvent) {
				count("otel.closed");
			}
			else if (event instanceof EventPublishingContextWrapper.ScopeRestoredEvent) {
				count("otel.restored");
			}
		}

	}

	private final class CountingAccessor implements ThreadLocalAccessor<Object> {

		private final ThreadLocalAccessor<Object> delegate;

		private final boolean trace = Boolean.getBoolean("tracewire.hotpath.trace");

		CountingAccessor(ThreadLocalAccessor<Object> delegate) {
			this.delegate = delegate;
		}

		@Override
		public Object key() {
			return this.delegate.key();
		}

		@Override
		public @Nullable Object getValue() {
			return this.delegate.getValue();
		}

		@Override
		public void setValue(Object value) {
			transition((this.delegate.getValue() == value) ? "accessor.set-current" : "accessor.set");
			this.delegate.setValue(value);
		}

		@Override
		public void setValue() {
			transition("accessor.clear");
			this.delegate.setValue();
		}

		@Override
		public void restore(Object previousValue) {
			transition("accessor.restore");
			this.delegate.restore(previousValue);
		}

		@Override
		public void restore() {
			transition("accessor.restore");
			this.delegate.restore();
		}

		@Override
		@Deprecated
		public void reset() {
			transition("accessor.reset");
			this.delegate.reset();
		}

		private void transition(String name) {
			count(name);
			if (this.trace) {
				new Exception(name + " on " + Thread.currentThread().getName()).printStackTrace(System.out);
			}
		}

	}

}
