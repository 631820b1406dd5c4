package dev.tracewire.test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ assertions on one finished span; failure messages describe the span.
 *
 * <p>Obtain it with {@link TracewireAssertions#assertThat(SpanData)} or {@link SpansAssert#span(String)}.
 */
public final class SpanAssert extends AbstractAssert<SpanAssert, SpanData> {

	SpanAssert(@Nullable SpanData span) {
		super(span, SpanAssert.class);
	}

	/**
	 * Return the span under test, to read what the assertions do not cover.
	 * @return the span
	 */
	public SpanData span() {
		isNotNull();
		return this.actual;
	}

	/**
	 * Verify the span's name.
	 * @param name the expected name
	 * @return this
	 */
	public SpanAssert hasName(String name) {
		if (!span().getName().equals(name)) {
			throw failure("Expected span to be named '%s' but was %s", name, describe());
		}
		return this;
	}

	/**
	 * Verify the span's kind.
	 * @param kind the expected kind
	 * @return this
	 */
	public SpanAssert hasKind(SpanKind kind) {
		if (span().getKind() != kind) {
			throw failure("Expected span to be of kind %s but was %s", kind, describe());
		}
		return this;
	}

	/**
	 * Verify that the span has no parent, neither local nor remote.
	 * @return this
	 */
	public SpanAssert isRoot() {
		if (span().getParentSpanContext().isValid()) {
			throw failure("Expected a root span but was %s", describe());
		}
		return this;
	}

	/**
	 * Verify that the span is a direct child of another: same trace id, and its parent span id is the other's
	 * span id.
	 * @param parent the expected parent
	 * @return this
	 */
	public SpanAssert isChildOf(SpanData parent) {
		SpanData span = span();
		if (!span.getTraceId().equals(parent.getTraceId()) || !span.getParentSpanId().equals(parent.getSpanId())) {
			throw failure("Expected%n  %s%nto be a child of%n  %s", describe(),
					SpanDescriptions.describe(parent));
		}
		return this;
	}

	/**
	 * Verify the span's trace id.
	 * @param traceId the expected trace id (32 lower-case hex characters)
	 * @return this
	 */
	public SpanAssert hasTraceId(String traceId) {
		if (!span().getTraceId().equals(traceId)) {
			throw failure("Expected span to be in trace %s but was %s", traceId, describe());
		}
		return this;
	}

	/**
	 * Verify that the span has the same trace id as another span.
	 * @param other the other span
	 * @return this
	 */
	public SpanAssert isInSameTraceAs(SpanData other) {
		if (!span().getTraceId().equals(other.getTraceId())) {
			throw failure("Expected%n  %s%nto be in the same trace as%n  %s", describe(),
					SpanDescriptions.describe(other));
		}
		return this;
	}

	/**
	 * Verify that the span has an attribute with the given key name and value, whatever the attribute's type.
	 * Numbers compare by value ({@code 200} matches a {@code long} attribute 200), lists element by element.
	 * @param key the attribute key name
	 * @param value the expected value
	 * @return this
	 */
	public SpanAssert hasAttribute(String key, Object value) {
		Optional<Object> actualValue = attribute(key);
		if (actualValue.isEmpty()) {
			throw failure("Expected span to have attribute %s=%s but it has no such attribute: %s%n  attributes: %s",
					key, value, describe(), SpanDescriptions.attributes(this.actual.getAttributes()));
		}
		if (!sameValue(actualValue.get(), value)) {
			throw failure("Expected span to have attribute %s=%s (%s) but it was %s (%s): %s", key, value,
					value.getClass().getSimpleName(), actualValue.get(), actualValue.get().getClass().getSimpleName(),
					describe());
		}
		return this;
	}

	/**
	 * Verify that the span has an attribute with the given key name, whatever its value.
	 * @param key the attribute key name
	 * @return this
	 */
	public SpanAssert hasAttributeKey(String key) {
		if (attribute(key).isEmpty()) {
			throw failure("Expected span to have attribute %s: %s%n  attributes: %s", key, describe(),
					SpanDescriptions.attributes(this.actual.getAttributes()));
		}
		return this;
	}

	/**
	 * Verify that the span has no attribute with the given key name.
	 * @param key the attribute key name
	 * @return this
	 */
	public SpanAssert doesNotHaveAttribute(String key) {
		Optional<Object> actualValue = attribute(key);
		if (actualValue.isPresent()) {
			throw failure("Expected span not to have attribute %s but it was %s: %s", key, actualValue.get(),
					describe());
		}
		return this;
	}

	/**
	 * Verify that the span recorded an event with the given name.
	 * @param name the event name
	 * @return this
	 */
	public SpanAssert hasEventNamed(String name) {
		List<String> names = span().getEvents().stream().map(EventData::getName).toList();
		if (!names.contains(name)) {
			throw failure("Expected span to have an event named '%s' but its events were %s: %s", name, names,
					describe());
		}
		return this;
	}

	/**
	 * Verify the span's status code.
	 * @param statusCode the expected status code
	 * @return this
	 */
	public SpanAssert hasStatus(StatusCode statusCode) {
		StatusData status = span().getStatus();
		if (status.getStatusCode() != statusCode) {
			throw failure("Expected span to have status %s but it was %s '%s': %s", statusCode, status.getStatusCode(),
					status.getDescription(), describe());
		}
		return this;
	}

	/**
	 * Verify that the span's status is {@link StatusCode#ERROR}.
	 * @return this
	 */
	public SpanAssert hasErrorStatus() {
		return hasStatus(StatusCode.ERROR);
	}

	private String describe() {
		return SpanDescriptions.describe(this.actual);
	}

	private Optional<Object> attribute(String key) {
		for (Map.Entry<AttributeKey<?>, Object> attribute : span().getAttributes().asMap().entrySet()) {
			if (attribute.getKey().getKey().equals(key)) {
				return Optional.of(attribute.getValue());
			}
		}
		return Optional.empty();
	}

	private static boolean sameValue(Object actual, Object expected) {
		if (actual instanceof Number actualNumber && expected instanceof Number expectedNumber) {
			if (isIntegral(actualNumber) && isIntegral(expectedNumber)) {
				return actualNumber.longValue() == expectedNumber.longValue();
			}
			return Double.compare(actualNumber.doubleValue(), expectedNumber.doubleValue()) == 0;
		}
		if (actual instanceof List<?> actualList && expected instanceof List<?> expectedList) {
			if (actualList.size() != expectedList.size()) {
				return false;
			}
			for (int i = 0; i < actualList.size(); i++) {
				if (!sameValue(actualList.get(i), expectedList.get(i))) {
					return false;
				}
			}
			return true;
		}
		return actual.equals(expected);
	}

	private static boolean isIntegral(Number number) {
		return number instanceof Long || number instanceof Integer || number instanceof Short
				|| number instanceof Byte;
	}

}
