package dev.tracewire.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One finished trace as a tree of {@link AnalyzedSpan}s, repaired where the spans do not make one, with the
 * analyses that explain it: {@link #criticalPath()}, {@link #rootCauses()} and {@link #selfTimeByService()}.
 *
 * <p>Real traces are often not clean trees: a span is exported twice, a service does not export its spans, ids
 * clash. {@link #of(List)} never rejects spans for that; it repairs what it must and says so in {@link #notes()}:
 * <ul>
 * <li>spans of another trace id than most spans' are ignored;</li>
 * <li>a span id seen before is ignored (the first span with the id is kept);</li>
 * <li>a span that ends before it starts is taken as ending when it starts;</li>
 * <li>a span whose parent is not in the trace (or is itself) is taken as a root, so a trace may have several;</li>
 * <li>a cycle of parent links is broken at the span of the cycle that starts first (then by span id), which
 * becomes a root, so the result does not depend on the order of the spans.</li>
 * </ul>
 *
 * <pre class="code">
 * Trace trace = Trace.of(spans);
 * trace.rootCauses().forEach((cause) -&gt; System.out.println(cause.description()));
 * trace.criticalPath().segments().forEach(System.out::println);
 * </pre>
 *
 * <p>Spans, roots and children are ordered by start, then longest first, then by span id. Instances are
 * immutable.
 */
public final class Trace {

	// Start, then the longer first (a parent before a child that starts with it), then span id: never ambiguous.
	static final Comparator<AnalyzedSpan> ORDER = Comparator.comparingLong(AnalyzedSpan::startMicros)
		.thenComparing(Comparator.comparingLong(AnalyzedSpan::endMicros).reversed())
		.thenComparing(AnalyzedSpan::spanId);

	private final @Nullable String traceId;

	private final List<AnalyzedSpan> spans;

	private final Map<String, AnalyzedSpan> spansById;

	// Parent span ids after repair; roots have no entry.
	private final Map<String, String> parentIds;

	private final Map<String, List<AnalyzedSpan>> children;

	private final List<AnalyzedSpan> roots;

	private final List<String> notes;

	private Trace(@Nullable String traceId, List<AnalyzedSpan> spans, Map<String, String> parentIds,
			List<String> notes) {
		this.traceId = traceId;
		this.spans = List.copyOf(spans);
		Map<String, AnalyzedSpan> spansById = new HashMap<>();
		spans.forEach((span) -> spansById.put(span.spanId(), span));
		this.spansById = spansById;
		this.parentIds = parentIds;
		Map<String, List<AnalyzedSpan>> children = new HashMap<>();
		List<AnalyzedSpan> roots = new ArrayList<>();
		for (AnalyzedSpan span : this.spans) {
			String parentId = parentIds.get(span.spanId());
			if (parentId == null) {
				roots.add(span);
			}
			else {
				children.computeIfAbsent(parentId, (id) -> new ArrayList<>()).add(span);
			}
		}
		children.replaceAll((id, list) -> List.copyOf(list));
		this.children = children;
		this.roots = List.copyOf(roots);
		this.notes = List.copyOf(notes);
	}

	/**
	 * Builds a trace from its spans, repairing what does not make a tree (see the class description).
	 * @param spans the spans, in any order
	 * @return the trace, empty when there are no spans
	 * @throws NullPointerException if {@code spans} or one of its elements is {@code null}
	 */
	public static Trace of(List<AnalyzedSpan> spans) {
		Objects.requireNonNull(spans, "spans");
		spans.forEach((span) -> Objects.requireNonNull(span, "span"));
		List<String> notes = new ArrayList<>();
		String traceId = mainTraceId(spans);
		List<AnalyzedSpan> kept = new ArrayList<>();
		Map<String, AnalyzedSpan> byId = new HashMap<>();
		int otherTraces = 0;
		for (AnalyzedSpan span : spans) {
			if (!span.traceId().equals(traceId)) {
				otherTraces++;
				continue;
			}
			AnalyzedSpan first = byId.get(span.spanId());
			if (first != null) {
				notes.add("duplicate span id " + span.spanId() + ": kept " + describe(first) + ", ignored "
						+ (first.equals(span) ? "an identical copy" : describe(span)));
				continue;
			}
			if (span.endMicros() < span.startMicros()) {
				notes.add(describe(span) + " ends " + (span.startMicros() - span.endMicros())
						+ " µs before it starts: taken as ending when it starts");
				span = new AnalyzedSpan(span.traceId(), span.spanId(), span.parentSpanId(), span.serviceName(),
						span.name(), span.kind(), span.startMicros(), span.startMicros(), span.error(),
						span.errorDescription());
			}
			byId.put(span.spanId(), span);
			kept.add(span);
		}
		if (otherTraces > 0) {
			notes.add("ignored " + otherTraces + " span(s) of trace ids other than " + traceId);
		}
		kept.sort(ORDER);
		Map<String, String> parentIds = new HashMap<>();
		for (AnalyzedSpan span : kept) {
			String parentId = span.parentSpanId();
			if (parentId == null) {
				continue;
			}
			if (parentId.equals(span.spanId())) {
				notes.add(describe(span) + " names itself as parent: taken as a root");
			}
			else if (!byId.containsKey(parentId)) {
				notes.add(describe(span) + " names parent " + parentId
						+ ", which is not in the trace: taken as a root");
			}
			else {
				parentIds.put(span.spanId(), parentId);
			}
		}
		breakCycles(kept, byId, parentIds, notes);
		return new Trace(traceId, kept, parentIds, notes);
	}

	// The trace id most spans have; on a tie, the one seen first.
	private static @Nullable String mainTraceId(List<AnalyzedSpan> spans) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		spans.forEach((span) -> counts.merge(span.traceId(), 1, Integer::sum));
		String main = null;
		int most = 0;
		for (Map.Entry<String, Integer> entry : counts.entrySet()) {
			if (entry.getValue() > most) {
				main = entry.getKey();
				most = entry.getValue();
			}
		}
		return main;
	}

	// Each span has at most one parent, so every cycle is found by walking up from any of its spans.
	private static void breakCycles(List<AnalyzedSpan> spans, Map<String, AnalyzedSpan> byId,
			Map<String, String> parentIds, List<String> notes) {
		Set<String> done = new HashSet<>();
		for (AnalyzedSpan span : spans) {
			List<String> walk = new ArrayList<>();
			Set<String> onWalk = new HashSet<>();
			String id = span.spanId();
			while (id != null && !done.contains(id) && onWalk.add(id)) {
				walk.add(id);
				id = parentIds.get(id);
			}
			if (id != null && onWalk.contains(id) && !done.contains(id)) {
				List<AnalyzedSpan> cycle = walk.subList(walk.indexOf(id), walk.size())
					.stream()
					.map(byId::get)
					.toList();
				AnalyzedSpan cut = Collections.min(cycle, ORDER);
				StringBuilder links = new StringBuilder(cut.spanId());
				for (String link = parentIds.get(cut.spanId()); !link.equals(cut.spanId()); link = parentIds
					.get(link)) {
					links.append(" -> ").append(link);
				}
				links.append(" -> ").append(cut.spanId());
				parentIds.remove(cut.spanId());
				notes.add("parent cycle " + links + " (span -> parent): " + describe(cut) + " taken as a root");
			}
			done.addAll(walk);
		}
	}

	// How notes name a span.
	static String describe(AnalyzedSpan span) {
		return "'" + span.name() + "' (" + span.spanId() + ") of " + span.serviceName();
	}

	/**
	 * Returns the trace id.
	 * @return the id most spans have, or {@code null} for an empty trace
	 */
	public @Nullable String traceId() {
		return this.traceId;
	}

	/**
	 * Whether the trace has no spans.
	 * @return {@code true} when there are no spans
	 */
	public boolean isEmpty() {
		return this.spans.isEmpty();
	}

	/**
	 * Returns the spans that were kept, repaired where needed.
	 * @return the spans, ordered by start, then longest first, then by span id
	 */
	public List<AnalyzedSpan> spans() {
		return this.spans;
	}

	/**
	 * Returns the span with an id.
	 * @param spanId the span id
	 * @return the span kept with that id, or {@code null} when there is none
	 */
	public @Nullable AnalyzedSpan span(String spanId) {
		return this.spansById.get(spanId);
	}

	/**
	 * Returns the spans without a parent in the trace: the real root and any span whose parent is missing or whose
	 * parent link was cut to break a cycle.
	 * @return the roots, ordered by start, then longest first, then by span id
	 */
	public List<AnalyzedSpan> roots() {
		return this.roots;
	}

	/**
	 * Returns the root the trace is taken to start with: the root that starts first or, of several that start
	 * first, the longest.
	 * @return the first of {@link #roots()}, or {@code null} for an empty trace
	 */
	public @Nullable AnalyzedSpan root() {
		return this.roots.isEmpty() ? null : this.roots.get(0);
	}

	/**
	 * Returns the parent of a span, after repair.
	 * @param span a span of this trace (looked up by its span id)
	 * @return the parent, or {@code null} for a root
	 * @throws IllegalArgumentException if the trace has no span with that id
	 */
	public @Nullable AnalyzedSpan parent(AnalyzedSpan span) {
		String parentId = this.parentIds.get(known(span).spanId());
		return (parentId != null) ? this.spansById.get(parentId) : null;
	}

	/**
	 * Returns the children of a span, after repair.
	 * @param span a span of this trace (looked up by its span id)
	 * @return the children, ordered by start, then longest first, then by span id
	 * @throws IllegalArgumentException if the trace has no span with that id
	 */
	public List<AnalyzedSpan> children(AnalyzedSpan span) {
		return this.children.getOrDefault(known(span).spanId(), List.of());
	}

	/**
	 * Returns what had to be repaired to make the spans a tree, one human-readable sentence each: spans that end
	 * before they start and duplicate ids in the order of the spans given, then ignored spans of other traces, then
	 * missing parents in span order, then cycles.
	 * @return the notes, empty for a clean trace
	 */
	public List<String> notes() {
		return this.notes;
	}

	/**
	 * Returns the time a span spent on its own: its duration minus the union of its children's intervals, each
	 * clipped to the span's interval. Children that outlive the span (clock skew, asynchronous work) count only
	 * for the time they overlap it.
	 * @param span a span of this trace (looked up by its span id)
	 * @return the self time in microseconds
	 * @throws IllegalArgumentException if the trace has no span with that id
	 */
	public long selfTimeMicros(AnalyzedSpan span) {
		AnalyzedSpan own = known(span);
		List<long[]> clipped = new ArrayList<>();
		for (AnalyzedSpan child : children(own)) {
			long start = Math.max(child.startMicros(), own.startMicros());
			long end = Math.min(child.endMicros(), own.endMicros());
			if (end > start) {
				clipped.add(new long[] { start, end });
			}
		}
		clipped.sort(Comparator.comparingLong((long[] interval) -> interval[0]));
		long covered = 0;
		long coveredUntil = Long.MIN_VALUE;
		for (long[] interval : clipped) {
			long start = Math.max(interval[0], coveredUntil);
			if (interval[1] > start) {
				covered += interval[1] - start;
				coveredUntil = interval[1];
			}
		}
		return own.durationMicros() - covered;
	}

	/**
	 * Returns the self time of each service: the sum of {@link #selfTimeMicros(AnalyzedSpan)} over its spans.
	 * @return microseconds by service name, the largest first, then by name
	 */
	public Map<String, Long> selfTimeByService() {
		Map<String, Long> sums = new HashMap<>();
		this.spans.forEach((span) -> sums.merge(span.serviceName(), selfTimeMicros(span), Long::sum));
		Map<String, Long> sorted = new LinkedHashMap<>();
		sums.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue()
				.reversed()
				.thenComparing(Map.Entry.comparingByKey()))
			.forEach((entry) -> sorted.put(entry.getKey(), entry.getValue()));
		return Collections.unmodifiableMap(sorted);
	}

	/**
	 * Returns the critical path of {@link #root()}: the spans whose own time determined when it ended.
	 * @return the critical path, without segments for an empty trace
	 * @see CriticalPath
	 */
	public CriticalPath criticalPath() {
		return CriticalPath.of(this);
	}

	/**
	 * Returns the root cause of each failure: every failed span with no failed descendant.
	 * @return the root causes, ordered by the start of their span (then longest first, then by span id); empty
	 * when nothing failed
	 * @see RootCause
	 */
	public List<RootCause> rootCauses() {
		Set<String> failedBelow = new HashSet<>();
		// Breadth first from the roots, then backwards: every child before its parent.
		List<AnalyzedSpan> topDown = new ArrayList<>();
		Deque<AnalyzedSpan> queue = new ArrayDeque<>(this.roots);
		while (!queue.isEmpty()) {
			AnalyzedSpan span = queue.poll();
			topDown.add(span);
			queue.addAll(children(span));
		}
		for (int i = topDown.size() - 1; i >= 0; i--) {
			AnalyzedSpan span = topDown.get(i);
			String parentId = this.parentIds.get(span.spanId());
			if (parentId != null && (span.error() || failedBelow.contains(span.spanId()))) {
				failedBelow.add(parentId);
			}
		}
		List<RootCause> causes = new ArrayList<>();
		for (AnalyzedSpan span : this.spans) {
			if (span.error() && !failedBelow.contains(span.spanId())) {
				List<AnalyzedSpan> chain = new ArrayList<>();
				for (AnalyzedSpan link = span; link != null && link.error(); link = parent(link)) {
					chain.add(link);
				}
				causes.add(new RootCause(span, chain));
			}
		}
		return List.copyOf(causes);
	}

	private AnalyzedSpan known(AnalyzedSpan span) {
		AnalyzedSpan own = this.spansById.get(span.spanId());
		if (own == null) {
			throw new IllegalArgumentException("No span " + span.spanId() + " in trace " + this.traceId);
		}
		return own;
	}

	@Override
	public String toString() {
		return "Trace " + this.traceId + " (" + this.spans.size() + " spans, " + this.roots.size() + " roots, "
				+ this.notes.size() + " notes)";
	}

}
