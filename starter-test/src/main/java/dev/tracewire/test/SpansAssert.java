package dev.tracewire.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ assertions on a set of finished spans as trace trees; every failure message lists the spans as one tree
 * per trace (name, kind, trace id, span id, parent span id).
 *
 * <p>Obtain it with {@link TracewireAssertions#assertThat(TestSpans)} or
 * {@link TracewireAssertions#assertThat(List)}.
 */
public final class SpansAssert extends AbstractAssert<SpansAssert, List<SpanData>> {

	SpansAssert(@Nullable List<SpanData> spans) {
		super(spans, SpansAssert.class);
	}

	/**
	 * Verify that there is at least one span and that all spans share one trace id.
	 * @return this
	 */
	public SpansAssert hasExactlyOneTrace() {
		return hasTraceCount(1);
	}

	/**
	 * Verify the number of distinct trace ids.
	 * @param count the expected number of traces
	 * @return this
	 */
	public SpansAssert hasTraceCount(int count) {
		long traces = spans().stream().map(SpanData::getTraceId).distinct().count();
		if (traces != count) {
			throw failure("Expected %s trace(s) but found %s in:%n%s", count, traces, tree());
		}
		return this;
	}

	/**
	 * Verify the number of spans.
	 * @param size the expected number of spans
	 * @return this
	 */
	public SpansAssert hasSize(int size) {
		if (spans().size() != size) {
			throw failure("Expected %s span(s) but found %s:%n%s", size, this.actual.size(), tree());
		}
		return this;
	}

	/**
	 * Verify that there are no spans at all.
	 * @return this
	 */
	public SpansAssert isEmpty() {
		if (!spans().isEmpty()) {
			throw failure("Expected no spans but found %s:%n%s", this.actual.size(), tree());
		}
		return this;
	}

	/**
	 * Return assertions on the spans that match a condition, for example those of one trace or one kind.
	 * @param condition what a span must satisfy to be kept
	 * @return assertions on the matching spans
	 */
	public SpansAssert filteredOn(Predicate<SpanData> condition) {
		return new SpansAssert(spans().stream().filter(condition).toList());
	}

	/**
	 * Return assertions on the only span with the given name.
	 * @param name the span name
	 * @return assertions on that span
	 * @throws AssertionError if no span or several spans have that name
	 */
	public SpanAssert span(String name) {
		return new SpanAssert(single(named(name), "named '" + name + "'"));
	}

	/**
	 * Return assertions on the only span with the given name and kind.
	 * @param name the span name
	 * @param kind the span kind
	 * @return assertions on that span
	 * @throws AssertionError if no span or several spans have that name and kind
	 */
	public SpanAssert span(String name, SpanKind kind) {
		return new SpanAssert(single(named(name).and((span) -> span.getKind() == kind),
				"named '" + name + "' of kind " + kind));
	}

	/**
	 * Verify that at least one span has the given name and kind.
	 * @param name the span name
	 * @param kind the span kind
	 * @return this
	 */
	public SpansAssert hasSpan(String name, SpanKind kind) {
		if (spans().stream().noneMatch(named(name).and((span) -> span.getKind() == kind))) {
			throw failure("Expected a span named '%s' of kind %s in:%n%s", name, kind, tree());
		}
		return this;
	}

	/**
	 * Verify that no span has the given name.
	 * @param name the span name
	 * @return this
	 */
	public SpansAssert doesNotHaveSpanNamed(String name) {
		if (spans().stream().anyMatch(named(name))) {
			throw failure("Expected no span named '%s' in:%n%s", name, tree());
		}
		return this;
	}

	/**
	 * Verify that a span named {@code childName} is a direct child of a span named {@code parentName}: same trace
	 * id, and the child's parent span id is the parent's span id. With several spans of either name, one such
	 * pair is enough.
	 * @param parentName the parent's span name
	 * @param childName the child's span name
	 * @return this
	 */
	public SpansAssert hasParentChild(String parentName, String childName) {
		List<SpanData> parents = spans().stream().filter(named(parentName)).toList();
		List<SpanData> children = this.actual.stream().filter(named(childName)).toList();
		boolean related = parents.stream()
			.anyMatch((parent) -> children.stream()
				.anyMatch((child) -> child.getTraceId().equals(parent.getTraceId())
						&& child.getParentSpanId().equals(parent.getSpanId())));
		if (!related) {
			throw failure("Expected a span named '%s' (found %s) to be the parent of a span named '%s' (found %s) in:%n%s",
					parentName, parents.size(), childName, children.size(), tree());
		}
		return this;
	}

	/**
	 * Verify that every span belongs to the given trace.
	 * @param traceId the trace id (32 lower-case hex characters)
	 * @return this
	 */
	public SpansAssert allInTrace(String traceId) {
		List<String> others = spans().stream()
			.filter((span) -> !span.getTraceId().equals(traceId))
			.map(SpanData::getName)
			.toList();
		if (!others.isEmpty()) {
			throw failure("Expected all spans to be in trace %s but %s are not, in:%n%s", traceId, others, tree());
		}
		return this;
	}

	/**
	 * Verify that no span carries any of the given texts anywhere a backend would store it: span name, attribute
	 * keys and values, event names and event attributes (exception messages and stack traces included), status
	 * description, resource attributes. Use it to prove that secrets, tokens and personal data stay out of traces.
	 * @param needles texts that must not appear (matched as substrings, case-sensitive)
	 * @return this
	 */
	public SpansAssert containsNoText(String... needles) {
		List<String> findings = new ArrayList<>();
		for (SpanData span : spans()) {
			for (String needle : needles) {
				search(span, needle, findings);
			}
		}
		if (!findings.isEmpty()) {
			throw failure("Expected spans to contain none of %s but found:%n  %s%nin:%n%s", List.of(needles),
					String.join(System.lineSeparator() + "  ", findings), tree());
		}
		return this;
	}

	private void search(SpanData span, String needle, List<String> findings) {
		String where = "'" + needle + "' in span " + SpanDescriptions.describe(span) + ": ";
		if (span.getName().contains(needle)) {
			findings.add(where + "name");
		}
		searchAttributes(span.getAttributes(), needle, where + "attribute ", findings);
		for (EventData event : span.getEvents()) {
			if (event.getName().contains(needle)) {
				findings.add(where + "event name '" + event.getName() + "'");
			}
			searchAttributes(event.getAttributes(), needle, where + "event '" + event.getName() + "' attribute ",
					findings);
		}
		if (span.getStatus().getDescription().contains(needle)) {
			findings.add(where + "status description");
		}
		searchAttributes(span.getResource().getAttributes(), needle, where + "resource attribute ", findings);
	}

	private static void searchAttributes(Attributes attributes, String needle, String where, List<String> findings) {
		for (Map.Entry<AttributeKey<?>, Object> attribute : attributes.asMap().entrySet()) {
			String key = attribute.getKey().getKey();
			if (key.contains(needle)) {
				findings.add(where + "key " + key);
			}
			if (String.valueOf(attribute.getValue()).contains(needle)) {
				findings.add(where + key + " (value)");
			}
		}
	}

	private List<SpanData> spans() {
		isNotNull();
		return this.actual;
	}

	private SpanData single(Predicate<SpanData> matcher, String description) {
		List<SpanData> matches = spans().stream().filter(matcher).toList();
		if (matches.size() != 1) {
			throw failure("Expected exactly one span %s but found %s in:%n%s", description, matches.size(), tree());
		}
		return matches.get(0);
	}

	private String tree() {
		return SpanDescriptions.tree(this.actual);
	}

	private static Predicate<SpanData> named(String name) {
		return (span) -> span.getName().equals(name);
	}

}
