package dev.tracewire.redaction;

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
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import org.jspecify.annotations.Nullable;

/**
 * Masks the secrets of every ended span for the span processor it wraps (the one that exports, or a test's
 * in-memory capture): string attributes, whether Spring's instrumentation or user code set them (for example with
 * {@code span.tag(...)} or the OpenTelemetry API), the error status description (Micrometer copies exception
 * messages into it) and the attributes of span events (such as those of {@code Span.addEvent(name, attributes)}).
 * <p>
 * The wrapped processor receives each ended span through a view whose {@link ReadableSpan#toSpanData()},
 * {@link ReadableSpan#getAttributes()} and {@link ReadableSpan#getAttribute(AttributeKey)} are masked. The
 * masking runs when the processor reads them, which for a batch processor is its export thread: the request
 * thread takes no copy of the span's data for it. A span with nothing to mask costs the view only.
 */
public final class ExportRedactingSpanProcessor implements ExtendedSpanProcessor {

	private final SpanProcessor delegate;

	private final SpanRedaction redaction;

	private ExportRedactingSpanProcessor(SpanProcessor delegate, SpanRedaction redaction) {
		this.delegate = delegate;
		this.redaction = redaction;
	}

	/**
	 * Wraps a processor that receives ended spans; others never see an ended span's data and are returned as they
	 * are, as is a processor wrapped before.
	 * @param processor the processor
	 * @param redactor what masks the values
	 * @param exceptions what masks exception messages, which an error status description may repeat
	 * @return the wrapped processor, or {@code processor}
	 */
	public static SpanProcessor wrap(SpanProcessor processor, Redactor redactor, ExceptionRedactor exceptions) {
		if (processor instanceof ExportRedactingSpanProcessor || !processor.isEndRequired()) {
			return processor;
		}
		return new ExportRedactingSpanProcessor(processor, new SpanRedaction(redactor, exceptions));
	}

	/**
	 * Wraps every processor that receives ended spans, and leaves out {@link RedactingSpanProcessor}s: the wrappers
	 * mask what those would, without their copy of each span's data on the thread that ends it.
	 * @param processors the processors, in order
	 * @param redactor what masks the values
	 * @param exceptions what masks exception messages, which an error status description may repeat
	 * @return the processors to give the tracer provider, in the same order
	 */
	public static List<SpanProcessor> wrapAll(List<SpanProcessor> processors, Redactor redactor,
			ExceptionRedactor exceptions) {
		return processors.stream()
			.filter((processor) -> !(processor instanceof RedactingSpanProcessor))
			.map((processor) -> wrap(processor, redactor, exceptions))
			.toList();
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
		this.delegate.onEnd(new RedactingSpan(span, this.redaction));
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
		return "ExportRedactingSpanProcessor{" + this.delegate + "}";
	}

	/**
	 * An ended span as the wrapped processor sees it: the span itself, with its data and attributes masked.
	 */
	private static final class RedactingSpan implements ReadableSpan {

		private final ReadableSpan span;

		private final SpanRedaction redaction;

		RedactingSpan(ReadableSpan span, SpanRedaction redaction) {
			this.span = span;
			this.redaction = redaction;
		}

		@Override
		public SpanData toSpanData() {
			return this.redaction.redact(this.span.toSpanData());
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
			return this.redaction.redact(key, this.span.getAttribute(key));
		}

		@Override
		public Attributes getAttributes() {
			return AttributeRedaction.redact(this.redaction.redactor(), this.span.getAttributes());
		}

		@Override
		public String toString() {
			return this.span.toString();
		}

	}

}
