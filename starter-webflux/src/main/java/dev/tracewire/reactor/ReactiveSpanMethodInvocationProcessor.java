package dev.tracewire.reactor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.micrometer.common.util.StringUtils;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.SpanCustomizer;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.annotation.ContinueSpan;
import io.micrometer.tracing.annotation.MethodInvocationProcessor;
import io.micrometer.tracing.annotation.NewSpan;
import io.micrometer.tracing.annotation.SpanTagAnnotationHandler;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.internal.SpanNameUtil;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.CorePublisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Makes Micrometer's {@code @NewSpan}, {@code @ContinueSpan} and {@code @SpanTag} work on methods that return
 * {@link Mono} or {@link Flux} (or a {@link Publisher} that is one), and hands every other method to Micrometer's
 * imperative processor.
 * <p>
 * For a reactive method the span covers each subscription to the returned publisher, from subscription to
 * completion, error or cancellation: it is started when the publisher is subscribed, with the trace context of
 * the subscriber (its Reactor context, else the thread) as parent, and ended exactly once when the subscription
 * terminates or is cancelled. An error is recorded on the span. Inside the publisher the span is the current
 * observation, so a WebClient call, another annotated method or a log line there belongs to it. Code that runs
 * in the method body itself, before it returns its publisher, is outside the span.
 * <p>
 * Spans are named and tagged as Micrometer's {@code DefaultNewSpanParser} and imperative processor do (the
 * annotation's name or value, else the method name, in lower-hyphen case; tags {@code annotated.class} and
 * {@code annotated.method}; {@code <log>.before}, {@code <log>.after} and {@code <log>.afterFailure} events for
 * {@code @ContinueSpan(log = ...)}); a custom {@code NewSpanParser} applies to imperative methods only. New spans
 * are made by an observation registry of their own that only traces, so they create no metrics, as with
 * Micrometer's tracer-based annotations.
 */
public final class ReactiveSpanMethodInvocationProcessor implements MethodInvocationProcessor {

	private static final Log logger = LogFactory.getLog(ReactiveSpanMethodInvocationProcessor.class);

	static final String CLASS_TAG = "annotated.class";

	static final String METHOD_TAG = "annotated.method";

	static final String CANCEL_EVENT = "cancel";

	private final Supplier<MethodInvocationProcessor> imperative;

	private final Supplier<Tracer> tracer;

	private final Supplier<@Nullable SpanTagAnnotationHandler> spanTags;

	private final Supplier<ObservationRegistry> spanObservations;

	/**
	 * Creates a processor that resolves its collaborators on first use.
	 * @param imperative supplies the processor for methods that are not reactive
	 * @param tracer supplies the tracer
	 * @param spanTags supplies the handler of {@code @SpanTag} parameters, or {@code null} for none
	 */
	public ReactiveSpanMethodInvocationProcessor(Supplier<MethodInvocationProcessor> imperative,
			Supplier<Tracer> tracer, Supplier<@Nullable SpanTagAnnotationHandler> spanTags) {
		this.imperative = SingletonSupplier.of(imperative);
		this.tracer = SingletonSupplier.of(tracer);
		this.spanTags = spanTags;
		this.spanObservations = SingletonSupplier.of(this::tracingOnlyRegistry);
	}

	@Override
	public @Nullable Object process(MethodInvocation invocation, @Nullable NewSpan newSpan,
			@Nullable ContinueSpan continueSpan) throws Throwable {
		Class<?> returnType = invocation.getMethod().getReturnType();
		boolean publisher = returnType == Publisher.class || returnType == CorePublisher.class;
		if (returnType != Mono.class && returnType != Flux.class && !publisher) {
			return this.imperative.get().process(invocation, newSpan, continueSpan);
		}
		Object result = invocation.proceed();
		if (result == null) {
			return null;
		}
		if (result instanceof Mono<?> mono && (returnType == Mono.class || publisher)) {
			return Mono.deferContextual((context) -> traced(mono, start(context, invocation, newSpan, continueSpan)));
		}
		if (result instanceof Flux<?> flux && (returnType == Flux.class || publisher)) {
			return Flux.deferContextual((context) -> traced(flux, start(context, invocation, newSpan, continueSpan)));
		}
		if (publisher) {
			Flux<?> flux = Flux.from((Publisher<?>) result);
			return Flux.deferContextual((context) -> traced(flux, start(context, invocation, newSpan, continueSpan)));
		}
		return result;
	}

	private static <T> Mono<T> traced(Mono<T> mono, @Nullable SubscriptionSpan span) {
		if (span == null) {
			return mono;
		}
		return mono.contextWrite(span::contextWrite)
			.doOnError(span::error)
			.doOnTerminate(span::complete)
			.doOnCancel(span::cancel);
	}

	private static <T> Flux<T> traced(Flux<T> flux, @Nullable SubscriptionSpan span) {
		if (span == null) {
			return flux;
		}
		return flux.contextWrite(span::contextWrite)
			.doOnError(span::error)
			.doOnTerminate(span::complete)
			.doOnCancel(span::cancel);
	}

	/**
	 * Starts the span of one subscription; a failure to do so leaves the subscription untraced rather than
	 * failing it.
	 */
	private @Nullable SubscriptionSpan start(ContextView context, MethodInvocation invocation,
			@Nullable NewSpan newSpan, @Nullable ContinueSpan continueSpan) {
		try {
			return startSpan(context, invocation, newSpan, continueSpan);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not start a span for " + invocation.getMethod(), ex);
			return null;
		}
	}

	private SubscriptionSpan startSpan(ContextView context, MethodInvocation invocation, @Nullable NewSpan newSpan,
			@Nullable ContinueSpan continueSpan) {
		ObservationRegistry spanObservations = this.spanObservations.get();
		Observation parent = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		if (parent == null) {
			parent = spanObservations.getCurrentObservation();
		}
		String log = (continueSpan != null) ? continueSpan.log() : "";
		if (newSpan == null) {
			Span current = (parent != null) ? spanOf(parent) : this.tracer.get().currentSpan();
			if (current != null) {
				return new ContinuedSpan(current, log, invocation, this.spanTags.get());
			}
		}
		Observation observation = Observation.createNotStarted(spanName(invocation, newSpan), spanObservations)
			.parentObservation(parent)
			.lowCardinalityKeyValue(CLASS_TAG, targetClass(invocation).getSimpleName())
			.lowCardinalityKeyValue(METHOD_TAG, invocation.getMethod().getName())
			.start();
		return new StartedSpan(observation, log, invocation, this.spanTags.get());
	}

	private static @Nullable Span spanOf(Observation observation) {
		TracingContext tracingContext = observation.getContextView().get(TracingContext.class);
		return (tracingContext != null) ? tracingContext.getSpan() : null;
	}

	private static String spanName(MethodInvocation invocation, @Nullable NewSpan newSpan) {
		String name = invocation.getMethod().getName();
		if (newSpan != null) {
			if (StringUtils.isNotEmpty(newSpan.name())) {
				name = newSpan.name();
			}
			else if (StringUtils.isNotEmpty(newSpan.value())) {
				name = newSpan.value();
			}
		}
		return SpanNameUtil.toLowerHyphen(name);
	}

	private static Class<?> targetClass(MethodInvocation invocation) {
		Object target = invocation.getThis();
		return (target != null) ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass();
	}

	private ObservationRegistry tracingOnlyRegistry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(this.tracer.get()));
		return registry;
	}

	/**
	 * The span of one subscription to an annotated method's publisher.
	 */
	private abstract static class SubscriptionSpan {

		private final String log;

		private final AtomicBoolean ended = new AtomicBoolean();

		SubscriptionSpan(String log) {
			this.log = log;
		}

		final void before(SpanCustomizer span, MethodInvocation invocation,
				@Nullable SpanTagAnnotationHandler spanTags) {
			if (StringUtils.isNotBlank(this.log)) {
				span.event(this.log + ".before");
			}
			if (spanTags != null) {
				spanTags.addAnnotatedParameters(span, new MethodInvocationJoinPoint(invocation));
			}
		}

		final void error(Throwable error) {
			if (StringUtils.isNotBlank(this.log)) {
				event(this.log + ".afterFailure");
			}
			recordError(error);
		}

		final void complete() {
			end(false);
		}

		final void cancel() {
			end(true);
		}

		// Before the signal goes downstream, so that the span ends before its parent does; once, although a
		// cancellation may still arrive after termination.
		private void end(boolean cancelled) {
			if (!this.ended.compareAndSet(false, true)) {
				return;
			}
			if (StringUtils.isNotBlank(this.log)) {
				event(this.log + ".after");
			}
			finish(cancelled);
		}

		abstract Context contextWrite(Context context);

		abstract void event(String name);

		abstract void recordError(Throwable error);

		abstract void finish(boolean cancelled);

	}

	/**
	 * A span of its own ({@code @NewSpan}, or {@code @ContinueSpan} without a current span), ended when the
	 * subscription terminates or is cancelled.
	 */
	private static final class StartedSpan extends SubscriptionSpan {

		private final Observation observation;

		StartedSpan(Observation observation, String log, MethodInvocation invocation,
				@Nullable SpanTagAnnotationHandler spanTags) {
			super(log);
			this.observation = observation;
			before(new ObservationSpanCustomizer(observation), invocation, spanTags);
		}

		@Override
		Context contextWrite(Context context) {
			return context.put(ObservationThreadLocalAccessor.KEY, this.observation);
		}

		@Override
		void event(String name) {
			this.observation.event(Observation.Event.of(name));
		}

		@Override
		void recordError(Throwable error) {
			this.observation.error(error);
		}

		@Override
		void finish(boolean cancelled) {
			if (cancelled) {
				event(CANCEL_EVENT);
			}
			this.observation.stop();
		}

	}

	/**
	 * The span that was current when the publisher was subscribed ({@code @ContinueSpan}): tagged and given
	 * events and errors, but ended by whoever started it.
	 */
	private static final class ContinuedSpan extends SubscriptionSpan {

		private final Span span;

		ContinuedSpan(Span span, String log, MethodInvocation invocation,
				@Nullable SpanTagAnnotationHandler spanTags) {
			super(log);
			this.span = span;
			span.tag(CLASS_TAG, targetClass(invocation).getSimpleName());
			span.tag(METHOD_TAG, invocation.getMethod().getName());
			before(span, invocation, spanTags);
		}

		@Override
		Context contextWrite(Context context) {
			return context;
		}

		@Override
		void event(String name) {
			this.span.event(name);
		}

		@Override
		void recordError(Throwable error) {
			this.span.error(error);
		}

		@Override
		void finish(boolean cancelled) {
		}

	}

	/**
	 * Adds the tags of {@code @SpanTag} parameters to an observation, whose tracing handler puts them on the span.
	 */
	private record ObservationSpanCustomizer(Observation observation) implements SpanCustomizer {

		@Override
		public SpanCustomizer name(String name) {
			this.observation.contextualName(name);
			return this;
		}

		@Override
		public SpanCustomizer tag(String key, String value) {
			this.observation.highCardinalityKeyValue(key, value);
			return this;
		}

		@Override
		public SpanCustomizer event(String value) {
			this.observation.event(Observation.Event.of(value));
			return this;
		}

	}

}
