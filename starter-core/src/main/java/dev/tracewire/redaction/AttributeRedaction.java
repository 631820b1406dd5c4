package dev.tracewire.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Masks the string and string-array values of OpenTelemetry attributes, for spans and their events alike.
 */
final class AttributeRedaction {

	private AttributeRedaction() {
	}

	/**
	 * Returns the attributes with their secrets masked.
	 * @param redactor what masks the values
	 * @param attributes the attributes
	 * @return {@code attributes} itself when nothing needed masking
	 */
	static Attributes redact(Redactor redactor, Attributes attributes) {
		class Masked {

			@Nullable AttributesBuilder builder;

		}
		Masked masked = new Masked();
		forEachMasked(redactor, attributes, (key, value) -> {
			if (masked.builder == null) {
				masked.builder = attributes.toBuilder();
			}
			masked.builder.put(key, value);
		});
		return (masked.builder != null) ? masked.builder.build() : attributes;
	}

	/**
	 * Passes every attribute whose value needed masking, with its masked value, to {@code masked}; a clean string
	 * value allocates nothing.
	 * @param redactor what masks the values
	 * @param attributes the attributes
	 * @param masked what receives the key and the masked value of each attribute that changed
	 */
	@SuppressWarnings("unchecked")
	static void forEachMasked(Redactor redactor, Attributes attributes,
			BiConsumer<AttributeKey<Object>, Object> masked) {
		attributes.forEach((key, value) -> {
			AttributeKey<Object> anyKey = (AttributeKey<Object>) key;
			Object redacted = mask(redactor, anyKey, value);
			if (redacted != value) {
				masked.accept(anyKey, redacted);
			}
		});
	}

	/**
	 * Returns one attribute value masked: string and string-array values, others as they are.
	 * @param redactor what masks the values
	 * @param key the attribute's key
	 * @param value its value
	 * @param <T> the value's type
	 * @return {@code value} itself when it needed no masking
	 */
	@SuppressWarnings("unchecked")
	static <T> T mask(Redactor redactor, AttributeKey<T> key, T value) {
		if (key.getType() == AttributeType.STRING) {
			return (T) redactor.redact(key.getKey(), (String) value);
		}
		if (key.getType() == AttributeType.STRING_ARRAY) {
			List<String> texts = (List<String>) value;
			List<String> redacted = new ArrayList<>(texts.size());
			boolean changed = false;
			for (String text : texts) {
				String result = redactor.redact(key.getKey(), text);
				changed |= result != text;
				redacted.add(result);
			}
			return changed ? (T) redacted : value;
		}
		return value;
	}

}
