package dev.tracewire.redaction;

import java.util.List;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;

/**
 * Masks secrets in span attributes and the error status description as each span ends, before any processor or
 * exporter sees it: this catches what observations never carried, such as attributes user code sets with
 * {@code span.tag(...)} or the OpenTelemetry API, and exception messages, which Micrometer copies into the status.
 * <p>
 * Uses the OpenTelemetry SDK's {@code onEnding} callback, the one moment a span is still writable; it is marked
 * internal in the SDK, so Tracewire's tests pin its behaviour. Events cannot be changed even then:
 * {@link EventRedactingSpanProcessor} masks their attributes.
 */
public final class RedactingSpanProcessor implements ExtendedSpanProcessor {

	/**
	 * The key status descriptions are redacted under, as OpenTelemetry's non-OTLP exporters name it.
	 */
	static final String STATUS_DESCRIPTION_KEY = "otel.status_description";

	private final Redactor redactor;

	private final ExceptionRedactor exceptions;

	/**
	 * Creates the processor.
	 * @param redactor what masks the values
	 * @param exceptions what masks exception messages, which a status description may repeat
	 */
	public RedactingSpanProcessor(Redactor redactor, ExceptionRedactor exceptions) {
		this.redactor = redactor;
		this.exceptions = exceptions;
	}

	@Override
	public void onEnding(ReadWriteSpan span) {
		// One snapshot for attributes, status and events: reading the attributes alone copies them just the same.
		SpanData data = span.toSpanData();
		AttributeRedaction.forEachMasked(this.redactor, data.getAttributes(), span::setAttribute);
		StatusData status = data.getStatus();
		if (status.getStatusCode() == StatusCode.ERROR && !status.getDescription().isEmpty()) {
			String description = status.getDescription();
			String redacted = redactDescription(description, data.getEvents());
			if (!redacted.equals(description)) {
				span.setStatus(StatusCode.ERROR, redacted);
			}
		}
	}

	// Micrometer sets the description to the recorded exception's message: mask it as that exception's message.
	private String redactDescription(String description, List<EventData> events) {
		for (EventData event : events) {
			if (event instanceof ExceptionEventData exception
					&& description.equals(exception.getException().getMessage())) {
				String message = this.exceptions.message(exception.getException());
				return (message != null) ? message : "";
			}
		}
		return this.redactor.redact(STATUS_DESCRIPTION_KEY, description);
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
