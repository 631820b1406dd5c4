package dev.tracewire.redaction;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.jspecify.annotations.Nullable;

/**
 * Masks the secrets of one ended span's data: string attributes, the error status description and the attributes
 * of its events. Allocates nothing for a clean span, and returns what it was given when nothing changed.
 */
final class SpanRedaction {

	/**
	 * The key status descriptions are redacted under, as OpenTelemetry's non-OTLP exporters name it.
	 */
	static final String STATUS_DESCRIPTION_KEY = "otel.status_description";

	private final Redactor redactor;

	private final ExceptionRedactor exceptions;

	SpanRedaction(Redactor redactor, ExceptionRedactor exceptions) {
		this.redactor = redactor;
		this.exceptions = exceptions;
	}

	Redactor redactor() {
		return this.redactor;
	}

	/**
	 * Returns the span's data with its secrets masked.
	 * @param data the span's data
	 * @return {@code data} itself when nothing needed masking
	 */
	SpanData redact(SpanData data) {
		Attributes attributes = AttributeRedaction.redact(this.redactor, data.getAttributes());
		StatusData status = redact(data.getStatus(), data.getEvents());
		List<EventData> events = redactEvents(data.getEvents());
		if (attributes == data.getAttributes() && status == data.getStatus() && events == data.getEvents()) {
			return data;
		}
		return new RedactedSpanData(data, attributes, status, events);
	}

	/**
	 * Returns one attribute value masked.
	 * @param key the attribute's key
	 * @param value its value
	 * @param <T> the value's type
	 * @return {@code value} itself when it needed no masking
	 */
	<T> @Nullable T redact(AttributeKey<T> key, @Nullable T value) {
		return (value != null) ? AttributeRedaction.mask(this.redactor, key, value) : null;
	}

	private StatusData redact(StatusData status, List<EventData> events) {
		if (status.getStatusCode() != StatusCode.ERROR || status.getDescription().isEmpty()) {
			return status;
		}
		String description = status.getDescription();
		String redacted = description(description, events);
		return redacted.equals(description) ? status : StatusData.create(StatusCode.ERROR, redacted);
	}

	/**
	 * Returns an error status description masked: Micrometer sets it to the recorded exception's message, which is
	 * masked as that exception's message; any other description is masked as a value.
	 * @param description the description
	 * @param events the span's events, where a recorded exception would be
	 * @return the masked description
	 */
	String description(String description, List<EventData> events) {
		for (EventData event : events) {
			if (event instanceof ExceptionEventData exception
					&& description.equals(exception.getException().getMessage())) {
				String message = this.exceptions.message(exception.getException());
				return (message != null) ? message : "";
			}
		}
		return this.redactor.redact(STATUS_DESCRIPTION_KEY, description);
	}

	/**
	 * Returns the events with their attributes masked.
	 * @param events the events
	 * @return {@code events} itself when no event needed masking
	 */
	List<EventData> redactEvents(List<EventData> events) {
		@Nullable List<EventData> redacted = null;
		for (int i = 0; i < events.size(); i++) {
			EventData event = events.get(i);
			Attributes attributes = AttributeRedaction.redact(this.redactor, event.getAttributes());
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
		return (redacted != null) ? redacted : events;
	}

	private static final class RedactedSpanData extends DelegatingSpanData {

		private final Attributes attributes;

		private final StatusData status;

		private final List<EventData> events;

		RedactedSpanData(SpanData delegate, Attributes attributes, StatusData status, List<EventData> events) {
			super(delegate);
			this.attributes = attributes;
			this.status = status;
			this.events = events;
		}

		@Override
		public Attributes getAttributes() {
			return this.attributes;
		}

		@Override
		public StatusData getStatus() {
			return this.status;
		}

		@Override
		public List<EventData> getEvents() {
			return this.events;
		}

	}

}
