package dev.tracewire.redaction;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;

/**
 * Masks secrets in span attributes and the error status description as each span ends, before any processor or
 * exporter sees it: this catches what observations never carried, such as attributes user code sets with
 * {@code span.tag(...)} or the OpenTelemetry API, and exception messages, which Micrometer copies into the status.
 * <p>
 * Tracewire's own {@code SpanProcessors} wraps every processor that receives ended spans in an
 * {@link ExportRedactingSpanProcessor}, which masks the same and more off the request thread, and leaves this one
 * out; it is for an application that assembles its span processors itself. Uses the OpenTelemetry SDK's
 * {@code onEnding} callback, the one moment a span is still writable, which takes a copy of the span's data on the
 * thread that ends it; the callback is marked internal in the SDK, so Tracewire's tests pin its behaviour. Events
 * cannot be changed even then.
 */
public final class RedactingSpanProcessor implements ExtendedSpanProcessor {

	private final SpanRedaction redaction;

	/**
	 * Creates the processor.
	 * @param redactor what masks the values
	 * @param exceptions what masks exception messages, which a status description may repeat
	 */
	public RedactingSpanProcessor(Redactor redactor, ExceptionRedactor exceptions) {
		this.redaction = new SpanRedaction(redactor, exceptions);
	}

	@Override
	public void onEnding(ReadWriteSpan span) {
		// One snapshot for attributes, status and events: reading the attributes alone copies them just the same.
		SpanData data = span.toSpanData();
		AttributeRedaction.forEachMasked(this.redaction.redactor(), data.getAttributes(), span::setAttribute);
		StatusData status = data.getStatus();
		if (status.getStatusCode() == StatusCode.ERROR && !status.getDescription().isEmpty()) {
			String description = status.getDescription();
			String redacted = this.redaction.description(description, data.getEvents());
			if (!redacted.equals(description)) {
				span.setStatus(StatusCode.ERROR, redacted);
			}
		}
	}

	@Override
	public boolean isOnEndingRequired() {
		return true;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
	}

	@Override
	public boolean isStartRequired() {
		return false;
	}

	@Override
	public void onEnd(ReadableSpan span) {
	}

	@Override
	public boolean isEndRequired() {
		return false;
	}

}
