package dev.tracewire.redaction;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Masks secrets in the attributes of span events, such as those user code adds with OpenTelemetry's
 * {@code Span.addEvent(name, attributes)} or {@code recordException(exception, attributes)}, for the span processor
 * it wraps (the one that exports, or a test's in-memory capture).
 * <p>
 * Events cannot be changed while a span ends, so {@link RedactingSpanProcessor} cannot reach them: the wrapped
 * processor receives each ended span through a view whose {@link ReadableSpan#toSpanData()} has its events masked.
 * The masking runs there, which for a batch processor is its export thread, not the request's; a span without
 * events costs the view only.
 */
public final class EventRedactingSpanProcessor implements ExtendedSpanProcessor {

	private final SpanProcessor delegate;

	private final Redactor redactor;

	private EventRedactingSpanProcessor(SpanProcessor delegate, Redactor redactor) {
		this.delegate = delegate;
		this.redactor = redactor;
	}

	/**
	 * Wraps a processor that receives ended spans; others never see events and are returned as they are, as is a
	 * processor wrapped before.
	 * @param processor the processor
	 * @param redactor what masks the values
	 * @return the wrapped processor, or {@code processor}
	 */
	public static SpanProcessor wrap(SpanProcessor processor, Redactor redactor) {
		if (processor instanceof EventRedactingSpanProcessor || !processor.isEndRequired()) {
			return processor;
		}
		return new EventRedactingSpanProcessor(processor, redactor);
	}

	/**
	 * Returns the processor this one wraps.
	 * @return the wrapped processor
	 */
	public SpanProcessor getDelegate() {
		return this.delegate;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		this.delegate.onStart(parentContext, span);
	}

	@Override
	public boolean isStartRequired() {
		return this.delegate.isStartRequired();
	}

	@Override
	public void onEnding(ReadWriteSpan span) {
		if (this.delegate instanceof ExtendedSpanProcessor extended) {
			extended.onEnding(span);
		}
	}

	@Override
	public boolean isOnEndingRequired() {
		return this.delegate instanceof ExtendedSpanProcessor extended && extended.isOnEndingRequired();
	}

	@Override
	public void onEnd(ReadableSpan span) {
		this.delegate.onEnd(new EventRedactingSpan(span, this.redactor));
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public CompletableResultCode forceFlush() {
		return this.delegate.forceFlush();
	}

	@Override
	public String toString() {
		return "EventRedactingSpanProcessor{" + this.delegate + "}";
	}

	/**
	 * Returns the span's data with the attributes of its events masked.
	 * @param data the span's data
	 * @param redactor what masks the values
	 * @return {@code data} itself when no event needed masking
	 */
	static SpanData redactEvents(SpanData data, Redactor redactor) {
		List<EventData> events = data.getEvents();
		@Nullable List<EventData> redacted = null;
		for (int i = 0; i < events.size(); i++) {
			EventData event = events.get(i);
			Attributes attributes = AttributeRedaction.redact(redactor, event.getAttributes());
			if (attributes != event.getAttributes()) {
				if (redacted == null) {
					redacted = new ArrayList<>(events);
				}
				redacted.set(i, (event instanceof ExceptionEventData exception)
						? ExceptionEventData.create(event.getEpochNanos(), exception.getException(), attributes,
								event.getTotalAttributeCount())
						: EventData.create(event.getEpochNanos(), event.getName(), attributes,
								event.getTotalAttributeCount()));
			}
		}
		return (redacted != null) ? new EventRedactedSpanData(data, redacted) : data;
	}

	/**
	 * An ended span as the wrapped processor sees it: the span itself, but with masked events in its data.
	 */
	private static final class EventRedactingSpan implements ReadableSpan {

		private final ReadableSpan span;

		private final Redactor redactor;

		EventRedactingSpan(ReadableSpan span, Redactor redactor) {
			this.span = span;
			this.redactor = redactor;
		}

		@Override
		public SpanData toSpanData() {
			return redactEvents(this.span.toSpanData(), this.redactor);
		}

		@Override
		public SpanContext getSpanContext() {
			return this.span.getSpanContext();
		}

		@Override
		public SpanContext getParentSpanContext() {
			return this.span.getParentSpanContext();
		}

		@Override
		public String getName() {
			return this.span.getName();
		}

		@Override
		@Deprecated
		@SuppressWarnings("deprecation")
		public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
			return this.span.getInstrumentationLibraryInfo();
		}

		@Override
		public InstrumentationScopeInfo getInstrumentationScopeInfo() {
			return this.span.getInstrumentationScopeInfo();
		}

		@Override
		public boolean hasEnded() {
			return this.span.hasEnded();
		}

		@Override
		public long getLatencyNanos() {
			return this.span.getLatencyNanos();
		}

		@Override
		public SpanKind getKind() {
			return this.span.getKind();
		}

		@Override
		public <T> @Nullable T getAttribute(AttributeKey<T> key) {
			return this.span.getAttribute(key);
		}

		@Override
		public Attributes getAttributes() {
			return this.span.getAttributes();
		}

		@Override
		public String toString() {
			return this.span.toString();
		}

	}

	private static final class EventRedactedSpanData extends DelegatingSpanData {

		private final List<EventData> events;

		EventRedactedSpanData(SpanData delegate, List<EventData> events) {
			super(delegate);
			this.events = events;
		}

		@Override
		public List<EventData> getEvents() {
			return this.events;
		}

	}

}
