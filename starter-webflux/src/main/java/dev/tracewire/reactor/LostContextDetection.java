package dev.tracewire.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.tracewire.context.LostContextRecorder;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.opentelemetry.api.trace.Span;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Notices reactive work that runs without the trace context of the request it belongs to, at the operator where
 * the work changed threads, and reports it to a {@link LostContextRecorder} with that operator as the boundary
 * (for example {@code reactor.publishOn}).
 * <p>
 * This matters when Reactor does not restore thread locals after a hop, that is with
 * {@code spring.reactor.context-propagation=limited}: an application that chose it for throughput sees where
 * its logs lose their trace ids and its blocking calls start new traces. With automatic propagation (Tracewire's
 * default) Reactor restores the context after every such operator, so none is watched (and Tracewire's web
 * filter does not install the hook at all).
 * <p>
 * The operators watched are those that hand signals over to another thread ({@code publishOn},
 * {@code subscribeOn}, {@code delay}, {@code interval}, {@code parallel().runOn}, {@code fromFuture},
 * {@code create}, the timed buffers and windows, ...; on a constant, {@code publishOn} and {@code subscribeOn} are
 * named {@code subscribeOnValue}). When one of them, in a chain subscribed inside a Reactor context marked with
 * {@link #watch(Context, LostContextRecorder)} (Tracewire marks every traced WebFlux request) and holding an
 * observation, delivers a signal on a thread without a current span, the code after it runs without its thread
 * locals (current span, log MDC): that is counted once per subscription. Signals that arrive from other threads
 * without such an operator (a sink fed by another thread, a network callback) are not watched.
 * <p>
 * The operators are decorated when they are assembled, by a global Reactor hook ({@link Hooks#onEachOperator})
 * that {@link #install()} adds once however many application contexts ask for it; operators assembled before
 * that are not watched.
 */
public final class LostContextDetection {

	private static final String HOOK_KEY = LostContextDetection.class.getName();

	private static final String WATCH_KEY = LostContextDetection.class.getName() + ".watch";

	private static final Log logger = LogFactory.getLog(LostContextRecorder.LOGGER_NAME);

	private static final Object lock = new Object();

	private static int installations;

	private LostContextDetection() {
	}

	/**
	 * Adds the Reactor hook, unless it is installed already. Each call must be matched by {@link #uninstall()}.
	 */
	public static void install() {
		synchronized (lock) {
			if (installations++ == 0) {
				Function<? super Publisher<Object>, ? extends Publisher<Object>> lifter = Operators
					.lift(LostContextDetection::switchesThreads, LostContextDetection::watchSubscriber);
				Hooks.onEachOperator(HOOK_KEY, lifter);
			}
		}
	}

	/**
	 * Removes the Reactor hook when the last installation is undone.
	 */
	public static void uninstall() {
		synchronized (lock) {
			if (installations > 0 && --installations == 0) {
				Hooks.resetOnEachOperator(HOOK_KEY);
			}
		}
	}

	static int installations() {
		synchronized (lock) {
			return installations;
		}
	}

	/**
	 * Marks a Reactor context so that the reactive work subscribed within it is checked.
	 * @param context the context to mark
	 * @param recorder where losses are reported
	 * @return the marked context
	 */
	public static Context watch(Context context, LostContextRecorder recorder) {
		return context.put(WATCH_KEY, new Watch(recorder));
	}

	/**
	 * Whether an operator is watched: it hands signals to another thread, and Reactor will not restore the
	 * context after it. (With automatic propagation, Reactor would even restore it after the decoration itself.)
	 * @param operator the operator being assembled
	 * @return whether to watch it
	 */
	static boolean switchesThreads(Scannable operator) {
		return !Hooks.isAutomaticContextPropagationEnabled()
				&& operator.scan(Scannable.Attr.RUN_STYLE) == Scannable.Attr.RunStyle.ASYNC;
	}

	private static <T> CoreSubscriber<? super T> watchSubscriber(Scannable operator, CoreSubscriber<? super T> actual) {
		ContextView context = actual.currentContext();
		Watch watch = context.getOrDefault(WATCH_KEY, null);
		if (watch == null || !context.hasKey(ObservationThreadLocalAccessor.KEY)) {
			return actual;
		}
		return new WatchingSubscriber<>(actual, operator, watch);
	}

	/**
	 * Returns whether the current thread has a current span, as the log MDC and {@code tracer.currentSpan()} see
	 * it.
	 * @return whether the thread has trace context
	 */
	static boolean threadHasContext() {
		return Span.current().getSpanContext().isValid();
	}

	/**
	 * A short, stable name from the operator's class ({@code FluxPublishOn} becomes {@code publishOn}); unlike
	 * {@link Scannable#stepName()} it never carries assembly information, so it stays low-cardinality.
	 * @param operator the operator
	 * @return its name
	 */
	static String operatorName(Scannable operator) {
		String name = operator.getClass().getName();
		name = name.substring(name.lastIndexOf('.') + 1);
		int inner = name.indexOf('$');
		if (inner > 0) {
			name = name.substring(0, inner);
		}
		for (String prefix : new String[] { "Flux", "Mono", "Parallel" }) {
			if (name.startsWith(prefix) && name.length() > prefix.length()) {
				name = name.substring(prefix.length());
				break;
			}
		}
		return Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

	private record Watch(LostContextRecorder recorder) {

		void reportLost(Scannable operator) {
			String boundary = "reactor." + operatorName(operator);
			if (logger.isDebugEnabled()) {
				List<String> chain = new ArrayList<>();
				chain.add(operatorName(operator));
				operator.parents().forEach((parent) -> chain.add(0, operatorName(parent)));
				logger.debug("Reactive work without trace context after '" + boundary + "' on thread '"
						+ Thread.currentThread().getName() + "', chain: " + String.join(" -> ", chain));
			}
			this.recorder.recordLost(boundary);
		}

	}

	/**
	 * Checks each signal a thread-switching operator delivers for trace context on the thread that delivers it.
	 */
	private static final class WatchingSubscriber<T> implements CoreSubscriber<T>, Scannable {

		private final CoreSubscriber<? super T> actual;

		private final Scannable operator;

		private final Watch watch;

		// Signals are serialized (Reactive Streams rule 1.3), so a plain field is enough.
		private boolean reported;

		WatchingSubscriber(CoreSubscriber<? super T> actual, Scannable operator, Watch watch) {
			this.actual = actual;
			this.operator = operator;
			this.watch = watch;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.actual.onSubscribe(subscription);
		}

		@Override
		public void onNext(T value) {
			check();
			this.actual.onNext(value);
		}

		@Override
		public void onError(Throwable error) {
			check();
			this.actual.onError(error);
		}

		@Override
		public void onComplete() {
			check();
			this.actual.onComplete();
		}

		private void check() {
			if (this.reported) {
				return;
			}
			try {
				if (!threadHasContext()) {
					this.reported = true;
					this.watch.reportLost(this.operator);
				}
			}
			catch (RuntimeException ex) {
				// Diagnostics must never break the chain they watch.
				this.reported = true;
				logger.debug("Could not check for trace context", ex);
			}
		}

		@Override
		@SuppressWarnings("rawtypes") // as Reactor declares it
		public @Nullable Object scanUnsafe(Attr key) {
			if (key == Attr.ACTUAL) {
				return this.actual;
			}
			if (key == Attr.RUN_STYLE) {
				return Attr.RunStyle.SYNC;
			}
			return null;
		}

	}

}
