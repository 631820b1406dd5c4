package dev.tracewire.sample.launcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The spans of one trace as a tree (by parent id), with the look-ups the waterfall and the end-to-end test need.
 */
final class Trace {

	private static final Comparator<ZipkinSpan> BY_START = Comparator.comparingLong(ZipkinSpan::timestamp)
		.thenComparing(ZipkinSpan::id);

	private final String traceId;

	private final List<ZipkinSpan> spans;

	private final Map<String, ZipkinSpan> byId = new LinkedHashMap<>();

	/**
	 * Creates a trace.
	 * @param traceId the trace id
	 * @param spans its spans, in any order
	 */
	Trace(String traceId, List<ZipkinSpan> spans) {
		this.traceId = traceId;
		this.spans = spans.stream().sorted(BY_START).toList();
		this.spans.forEach((span) -> this.byId.putIfAbsent(span.id(), span));
	}

	String traceId() {
		return this.traceId;
	}

	List<ZipkinSpan> spans() {
		return this.spans;
	}

	boolean isEmpty() {
		return this.spans.isEmpty();
	}

	/**
	 * Returns the services that reported spans.
	 * @return service names, sorted
	 */
	Set<String> services() {
		Set<String> services = new TreeSet<>();
		this.spans.forEach((span) -> services.add(span.service()));
		return services;
	}

	/**
	 * Returns the spans without a parent in this trace, earliest first.
	 * @return the roots
	 */
	List<ZipkinSpan> roots() {
		return this.spans.stream().filter((span) -> parentOf(span) == null).toList();
	}

	/**
	 * Returns a span's parent.
	 * @param span the span
	 * @return the parent, or {@code null} for a root or when the parent is not (yet) in the trace
	 */
	@Nullable ZipkinSpan parentOf(ZipkinSpan span) {
		return (span.parentId() != null) ? this.byId.get(span.parentId()) : null;
	}

	/**
	 * Returns a span's children, earliest first.
	 * @param span the parent
	 * @return the children
	 */
	List<ZipkinSpan> childrenOf(ZipkinSpan span) {
		return this.spans.stream().filter((child) -> span.id().equals(child.parentId())).toList();
	}

	/**
	 * Returns whether a span is below another one.
	 * @param span the span
	 * @param ancestor the possible ancestor
	 * @return whether {@code ancestor} is on the span's parent chain
	 */
	boolean isBelow(ZipkinSpan span, ZipkinSpan ancestor) {
		ZipkinSpan current = parentOf(span);
		for (int depth = 0; current != null && depth < this.spans.size(); depth++) {
			if (current.id().equals(ancestor.id())) {
				return true;
			}
			current = parentOf(current);
		}
		return false;
	}

	/**
	 * Returns the spans of one service and kind.
	 * @param service the service name
	 * @param kind the kind, for example {@code SERVER}
	 * @return the spans, earliest first
	 */
	List<ZipkinSpan> spans(String service, String kind) {
		return find((span) -> span.service().equals(service) && span.is(kind));
	}

	/**
	 * Returns the spans of one service.
	 * @param service the service name
	 * @return the spans, earliest first
	 */
	List<ZipkinSpan> spans(String service) {
		return find((span) -> span.service().equals(service));
	}

	/**
	 * Returns the matching spans.
	 * @param filter what to keep
	 * @return the spans, earliest first
	 */
	List<ZipkinSpan> find(Predicate<ZipkinSpan> filter) {
		return new ArrayList<>(this.spans.stream().filter(filter).toList());
	}

	/**
	 * Returns when the earliest span started.
	 * @return epoch microseconds
	 */
	long start() {
		return this.spans.stream().mapToLong(ZipkinSpan::timestamp).min().orElse(0);
	}

	/**
	 * Returns when the latest span ended.
	 * @return epoch microseconds
	 */
	long end() {
		return this.spans.stream().mapToLong(ZipkinSpan::end).max().orElse(0);
	}

	/**
	 * Returns the time from the first start to the last end.
	 * @return microseconds
	 */
	long durationMicros() {
		return end() - start();
	}

	@Override
	public String toString() {
		return "Trace " + this.traceId + " (" + this.spans.size() + " spans of " + services() + ")";
	}

}
