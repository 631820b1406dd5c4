package dev.tracewire.test;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Readable descriptions of spans for failure messages.
 */
final class SpanDescriptions {

	private SpanDescriptions() {
	}

	/**
	 * Describe one span on one line: name, kind, trace id, span id and parent span id.
	 * @param span the span
	 * @return the description
	 */
	static String describe(SpanData span) {
		return "'" + span.getName() + "' [" + span.getKind() + "] trace=" + span.getTraceId() + " "
				+ identity(span);
	}

	/**
	 * Describe spans as one tree per trace, children indented under their parents, in start order. A span whose
	 * parent was not captured (a root, or a child of a remote or missing parent) starts a tree of its own.
	 * @param spans the spans
	 * @return the description, one span per line
	 */
	static String tree(List<SpanData> spans) {
		if (spans.isEmpty()) {
			return "  (no spans)";
		}
		Map<String, List<SpanData>> traces = spans.stream()
			.sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
			.collect(Collectors.groupingBy(SpanData::getTraceId, LinkedHashMap::new, Collectors.toList()));
		StringBuilder tree = new StringBuilder();
		traces.forEach((traceId, traceSpans) -> {
			tree.append("  trace ").append(traceId).append('\n');
			Set<String> spanIds = traceSpans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
			Map<String, List<SpanData>> children = traceSpans.stream()
				.collect(Collectors.groupingBy(SpanData::getParentSpanId));
			traceSpans.stream()
				.filter((span) -> !spanIds.contains(span.getParentSpanId()))
				.forEach((root) -> appendTree(tree, root, children, 4));
		});
		return tree.toString();
	}

	/**
	 * Describe attributes as {@code {key=value, ...}}, without the types.
	 * @param attributes the attributes
	 * @return the description
	 */
	static String attributes(Attributes attributes) {
		Map<String, Object> byName = new LinkedHashMap<>();
		attributes.forEach((key, value) -> byName.put(key.getKey(), value));
		return byName.toString();
	}

	private static void appendTree(StringBuilder tree, SpanData span, Map<String, List<SpanData>> children,
			int indent) {
		tree.append(" ".repeat(indent))
			.append("'")
			.append(span.getName())
			.append("' [")
			.append(span.getKind())
			.append("] ")
			.append(identity(span))
			.append('\n');
		for (SpanData child : children.getOrDefault(span.getSpanId(), List.of())) {
			appendTree(tree, child, children, indent + 2);
		}
	}

	private static String identity(SpanData span) {
		String parent = span.getParentSpanContext().isValid() ? span.getParentSpanId() : "none";
		String remote = span.getParentSpanContext().isRemote() ? " (remote)" : "";
		return "span=" + span.getSpanId() + " parent=" + parent + remote;
	}

}
