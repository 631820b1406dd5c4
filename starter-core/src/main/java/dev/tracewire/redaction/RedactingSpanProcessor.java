package dev.tracewire.redaction;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;

/**
 * Masks secrets in span attributes as each span ends, before any processor or exporter sees it: this catches
 * what observations never carried, such as attributes user code sets with {@code span.tag(...)} or the
 * OpenTelemetry API.
 * <p>
 * Uses the OpenTelemetry SDK's {@code onEnding} callback, the one moment a span is still writable; it is marked
 * internal in the SDK, so Tracewire's tests pin its behaviour.
 */
public final class RedactingSpanProcessor implements ExtendedSpanProcessor {

	private final Redactor redactor;

	/**
	 * Creates the processor.
	 * @param redactor what masks the values
	 */
	public RedactingSpanProcessor(Redactor redactor) {
		this.redactor = redactor;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void onEnding(ReadWriteSpan span) {
		span.getAttributes().forEach((key, value) -> {
			if (key.getType() == AttributeType.STRING) {
				String text = (String) value;
				String redacted = this.redactor.redact(key.getKey(), text);
				if (redacted != text) {
					span.setAttribute((AttributeKey<String>) key, redacted);
				}
			}
			else if (key.getType() == AttributeType.STRING_ARRAY) {
				List<String> texts = (List<String>) value;
				List<String> redacted = new ArrayList<>(texts.size());
				boolean changed = false;
				for (String text : texts) {
					String masked = this.redactor.redact(key.getKey(), text);
					changed |= masked != text;
					redacted.add(masked);
				}
				if (changed) {
					span.setAttribute((AttributeKey<List<String>>) key, redacted);
				}
			}
		});
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
