package dev.tracewire.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The critical path of a trace as Jaeger defines it: the chain of spans whose own time determined when the root
 * ended, found by walking backwards from the root's end.
 *
 * <p>From a span's end (or from where the walk returned to it), the child that finished last before that point is
 * on the path; the span's own time after that child's end is the span's segment, and the walk continues inside the
 * child from the child's end. A span without such a child is on the path back to its start, and the walk returns
 * to its parent at the span's start. The segments cover the root's interval once, without gaps. Of children that
 * end together, the one that started first is taken, then the lower span id.
 *
 * <p>Two things keep the walk honest about real traces:
 * <ul>
 * <li><b>clock skew</b>: a child that starts before its parent or ends after it (its service's clock differs) is
 * clamped to its parent's interval for the walk, and a child entirely outside its parent is not on the path;</li>
 * <li><b>asynchronous follow-ups</b>: a {@link AnalyzedSpan.Kind#PRODUCER producer} or
 * {@link AnalyzedSpan.Kind#CONSUMER consumer} child that ends after its parent (a Kafka listener still working
 * after the request that sent the record has answered) did not hold its parent up, so neither it nor anything
 * below it is on the parent's path.</li>
 * </ul>
 * {@link #notes()} lists each span so treated. Times of segments are those after clamping.
 *
 * @see Trace#criticalPath()
 */
public final class CriticalPath {

	private final @Nullable AnalyzedSpan root;

	private final List<Segment> segments;

	private final Map<AnalyzedSpan, Long> timeOnPath;

	private final List<String> notes;

	private CriticalPath(@Nullable AnalyzedSpan root, List<Segment> segments, List<String> notes) {
		this.root = root;
		this.segments = List.copyOf(segments);
		Map<AnalyzedSpan, Long> timeOnPath = new LinkedHashMap<>();
		segments.forEach((segment) -> timeOnPath.merge(segment.span(), segment.durationMicros(), Long::sum));
		this.timeOnPath = Collections.unmodifiableMap(timeOnPath);
		this.notes = List.copyOf(notes);
	}

	static CriticalPath of(Trace trace) {
		AnalyzedSpan root = trace.root();
		if (root == null) {
			return new CriticalPath(null, List.of(), List.of());
		}
		List<String> notes = new ArrayList<>();
		Walk walk = new Walk();
		walk.include(root, null, root.startMicros(), root.endMicros());
		Deque<AnalyzedSpan> queue = new ArrayDeque<>(List.of(root));
		while (!queue.isEmpty()) {
			AnalyzedSpan span = queue.poll();
			long start = walk.start(span);
			long end = walk.end(span);
			for (AnalyzedSpan child : trace.children(span)) {
				if (child.isMessaging() && child.endMicros() > end) {
					notes.add(Trace.describe(child) + " ends after its parent " + Trace.describe(span)
							+ ": asynchronous follow-up, not on the parent's path");
				}
				else if (child.endMicros() < start || child.startMicros() > end) {
					notes.add(Trace.describe(child) + " lies outside its parent " + Trace.describe(span)
							+ " (clock skew): not on the path");
				}
				else {
					long childStart = Math.max(child.startMicros(), start);
					long childEnd = Math.min(child.endMicros(), end);
					if (childStart != child.startMicros() || childEnd != child.endMicros()) {
						notes.add(Trace.describe(child) + " clamped to its parent " + Trace.describe(span)
								+ " (clock skew): " + child.startMicros() + ".." + child.endMicros() + " taken as "
								+ childStart + ".." + childEnd);
					}
					walk.include(child, span, childStart, childEnd);
					queue.add(child);
				}
			}
		}
		return new CriticalPath(root, walk.from(root), notes);
	}

	/**
	 * Returns the root whose end the path explains.
	 * @return {@link Trace#root()}, or {@code null} for an empty trace
	 */
	public @Nullable AnalyzedSpan root() {
		return this.root;
	}

	/**
	 * Returns the segments of the path: who held the root up, when.
	 * @return the segments in time order, contiguous from the root's start to its end; none of zero length, and no
	 * two adjacent ones of the same span
	 */
	public List<Segment> segments() {
		return this.segments;
	}

	/**
	 * Returns each span's own time on the path: the sum of its segments.
	 * @return microseconds by span, in the order the spans first appear on the path
	 */
	public Map<AnalyzedSpan, Long> timeOnPath() {
		return this.timeOnPath;
	}

	/**
	 * Returns a span's own time on the path.
	 * @param span a span (looked up by its span id)
	 * @return the sum of the span's segments in microseconds, {@code 0} when it is not on the path
	 */
	public long timeOnPathMicros(AnalyzedSpan span) {
		return this.segments.stream()
			.filter((segment) -> segment.span().spanId().equals(span.spanId()))
			.mapToLong(Segment::durationMicros)
			.sum();
	}

	/**
	 * Returns the length of the path.
	 * @return the sum of all segments in microseconds: the root's duration
	 */
	public long durationMicros() {
		return this.segments.stream().mapToLong(Segment::durationMicros).sum();
	}

	/**
	 * Returns the spans below the root that the walk clamped or left out, and why, one sentence each.
	 * @return the notes, empty when every span fits in its parent
	 */
	public List<String> notes() {
		return this.notes;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("CriticalPath[");
		for (int i = 0; i < this.segments.size(); i++) {
			text.append((i > 0) ? ", " : "").append(this.segments.get(i));
		}
		return text.append(']').toString();
	}

	/**
	 * A stretch of time on the critical path during which one span, not one of its children, held the root up.
	 *
	 * @param span the span
	 * @param startMicros the start of the stretch, in microseconds since the epoch
	 * @param endMicros the end of the stretch, in microseconds since the epoch
	 */
	public record Segment(AnalyzedSpan span, long startMicros, long endMicros) {

		/**
		 * Creates a segment.
		 * @param span the span
		 * @param startMicros the start, in microseconds since the epoch
		 * @param endMicros the end, in microseconds since the epoch
		 * @throws NullPointerException if {@code span} is {@code null}
		 */
		public Segment {
			Objects.requireNonNull(span, "span");
		}

		/**
		 * Returns the length of the stretch.
		 * @return the end minus the start in microseconds
		 */
		public long durationMicros() {
			return this.endMicros - this.startMicros;
		}

		@Override
		public String toString() {
			return this.span.serviceName() + " '" + this.span.name() + "' " + this.startMicros + ".."
					+ this.endMicros;
		}

	}

	// The spans on the root's side of the walk, with their clamped intervals, and the walk itself.
	private static final class Walk {

		private final Map<String, long[]> intervals = new HashMap<>();

		private final Map<String, AnalyzedSpan> parents = new HashMap<>();

		private final Map<String, List<AnalyzedSpan>> children = new HashMap<>();

		void include(AnalyzedSpan span, @Nullable AnalyzedSpan parent, long start, long end) {
			this.intervals.put(span.spanId(), new long[] { start, end });
			if (parent != null) {
				this.parents.put(span.spanId(), parent);
				this.children.computeIfAbsent(parent.spanId(), (id) -> new ArrayList<>()).add(span);
			}
		}

		long start(AnalyzedSpan span) {
			return this.intervals.get(span.spanId())[0];
		}

		long end(AnalyzedSpan span) {
			return this.intervals.get(span.spanId())[1];
		}

		List<Segment> from(AnalyzedSpan root) {
			// Each span's children, the last to end first; the walk only moves back in time, so a child that ends
			// after the current point will never be taken and a cursor per span suffices.
			Comparator<AnalyzedSpan> lastToEnd = Comparator.comparingLong(this::end)
				.reversed()
				.thenComparingLong(this::start)
				.thenComparing(AnalyzedSpan::spanId);
			this.children.values().forEach((list) -> list.sort(lastToEnd));
			Map<String, Integer> cursors = new HashMap<>();
			List<Segment> backwards = new ArrayList<>();
			AnalyzedSpan span = root;
			long point = end(root);
			while (true) {
				List<AnalyzedSpan> candidates = this.children.getOrDefault(span.spanId(), List.of());
				int cursor = cursors.getOrDefault(span.spanId(), 0);
				while (cursor < candidates.size() && end(candidates.get(cursor)) > point) {
					cursor++;
				}
				if (cursor < candidates.size()) {
					AnalyzedSpan child = candidates.get(cursor);
					cursors.put(span.spanId(), cursor + 1);
					add(backwards, span, end(child), point);
					span = child;
					point = end(child);
				}
				else {
					cursors.put(span.spanId(), cursor);
					add(backwards, span, start(span), point);
					AnalyzedSpan parent = this.parents.get(span.spanId());
					if (parent == null) {
						break;
					}
					point = start(span);
					span = parent;
				}
			}
			Collections.reverse(backwards);
			return backwards;
		}

		// Backwards: a segment that continues the previous one of the same span (across a zero-length child) joins it.
		private static void add(List<Segment> backwards, AnalyzedSpan span, long start, long end) {
			if (end <= start) {
				return;
			}
			int last = backwards.size() - 1;
			if (last >= 0 && backwards.get(last).span() == span && backwards.get(last).startMicros() == end) {
				backwards.set(last, new Segment(span, start, backwards.get(last).endMicros()));
			}
			else {
				backwards.add(new Segment(span, start, end));
			}
		}

	}

}
