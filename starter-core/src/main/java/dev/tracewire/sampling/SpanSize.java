package dev.tracewire.sampling;

import java.util.List;
import java.util.function.BiConsumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Estimates how much heap an ended span holds, so that the spans held for a deferred keep are bounded in bytes as
 * well as in number: a span with a long attribute (a statement, a stack trace in an exception event) counts for what
 * it holds. An estimate, not a measurement: fixed costs per span, event, link and attribute, plus the characters of
 * names and string values (one byte each, as compact strings store Latin-1 text).
 */
final class SpanSize implements BiConsumer<AttributeKey<?>, Object> {

	private static final int SPAN = 400;

	private static final int EVENT = 64;

	private static final int LINK = 96;

	private static final int ATTRIBUTE = 56;

	private static final int STRING = 40;

	private static final int OTHER_VALUE = 16;

	private long bytes;

	private SpanSize() {
	}

	/**
	 * Returns the estimated size of a span.
	 * @param span an ended span
	 * @return bytes, roughly
	 */
	static long of(SpanData span) {
		SpanSize size = new SpanSize();
		size.bytes = SPAN + span.getName().length() + (long) LINK * span.getLinks().size();
		size.add(span.getAttributes());
		List<EventData> events = span.getEvents();
		for (int i = 0; i < events.size(); i++) {
			EventData event = events.get(i);
			size.bytes += EVENT + event.getName().length();
			size.add(event.getAttributes());
		}
		return size.bytes;
	}

	private void add(Attributes attributes) {
		if (!attributes.isEmpty()) {
			attributes.forEach(this);
		}
	}

	@Override
	public void accept(AttributeKey<?> key, Object value) {
		this.bytes += ATTRIBUTE + valueSize(value);
	}

	private static long valueSize(Object value) {
		if (value instanceof String string) {
			return STRING + string.length();
		}
		if (value instanceof List<?> list) {
			long bytes = STRING;
			for (Object element : list) {
				bytes += valueSize(element);
			}
			return bytes;
		}
		return OTHER_VALUE;
	}

}
