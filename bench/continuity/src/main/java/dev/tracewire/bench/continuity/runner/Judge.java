package dev.tracewire.bench.continuity.runner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tracewire.bench.continuity.app.Boundary;
import dev.tracewire.bench.continuity.app.Boundary.Expectation;
import dev.tracewire.bench.continuity.app.Work;
import org.jspecify.annotations.Nullable;

/**
 * Judges the spans one run exported, boundary by boundary: a boundary is kept when every far side is in the
 * request's trace and its parent is the expected span (see {@link Expectation}).
 */
public final class Judge {

	private static final List<String> PATH_ATTRIBUTES = List.of("http.route", "url.path", "uri", "http.url",
			"url.full", "http.target");

	private final List<ExportedSpan> spans;

	private final Map<String, ExportedSpan> byId = new HashMap<>();

	public Judge(List<ExportedSpan> spans) {
		this.spans = List.copyOf(spans);
		for (ExportedSpan span : spans) {
			this.byId.putIfAbsent(span.traceId() + "/" + span.spanId(), span);
		}
	}

	/**
	 * Judges one boundary.
	 * @param boundary the boundary
	 * @param requestProblem why the request failed, or {@code null} if it answered 200
	 * @return the verdict
	 */
	public Verdict judge(Boundary boundary, @Nullable String requestProblem) {
		String id = boundary.id();
		List<ExportedSpan> farSides = (boundary.expectation() == Expectation.LEAF_SERVER_SPAN)
				? serverSpans(boundary.leafPath(), false) : named(boundary.workSpanName());
		if (farSides.isEmpty()) {
			String why = (requestProblem != null) ? "request failed: " + requestProblem : "far side never ran or was not exported";
			return Verdict.lost(id, (requestProblem != null) ? "request failed" : "no far-side span", why);
		}
		if (boundary.expectation() == Expectation.SCHEDULED_RUN) {
			return all(id, farSides, boundary.farSides(), this::scheduledRun);
		}
		List<ExportedSpan> roots = serverSpans(boundary.path(), true);
		if (roots.isEmpty()) {
			return Verdict.lost(id, "no server span", "no root SERVER span for " + boundary.path() + " was exported");
		}
		ExportedSpan root = roots.get(0);
		return switch (boundary.expectation()) {
			case SERVER_SPAN -> all(id, farSides, boundary.farSides(), (far) -> childOfServer(far, root));
			case LEAF_SERVER_SPAN -> all(id, farSides, boundary.farSides(), (far) -> leaf(far, root));
			case CONSUMER_SPAN -> all(id, farSides, boundary.farSides(), (far) -> underConsumer(far, root));
			case BATCH_SPAN -> all(id, farSides, boundary.farSides(), (far) -> underBatch(far, root));
			case SCHEDULED_RUN -> throw new IllegalStateException("judged above");
		};
	}

	private Verdict all(String id, List<ExportedSpan> farSides, int expected, FarSideCheck check) {
		List<String> details = new ArrayList<>();
		String keptReason = "";
		for (ExportedSpan far : farSides) {
			Check result = check.apply(far);
			if (!result.kept()) {
				String detail = result.detail() + " [" + far.describe() + " on "
						+ far.attributes().getOrDefault(Work.THREAD_ATTRIBUTE, "?") + origin(far) + "]";
				return Verdict.lost(id, result.reason(), detail);
			}
			keptReason = result.reason();
			details.add(result.detail());
		}
		if (farSides.size() < expected) {
			return Verdict.lost(id, "far side missing",
					farSides.size() + " of " + expected + " far-side spans exported");
		}
		return Verdict.kept(id, keptReason, String.join("; ", new HashSet<>(details)));
	}

	private Check childOfServer(ExportedSpan far, ExportedSpan root) {
		if (!far.traceId().equals(root.traceId())) {
			return otherTrace(far);
		}
		if (far.parentSpanId().equals(root.spanId())) {
			return Check.kept("", "child of the request's server span");
		}
		ExportedSpan parent = parentOf(far);
		ExportedSpan above = aboveInternal(parent);
		if (parent != null && above != null && above.spanId().equals(root.spanId())) {
			return Check.kept("via " + parent.name(), "child of " + parent.describe()
					+ ", a span the setup makes for the unit of work, under the request's server span");
		}
		return Check.lost("wrong parent", "in the request's trace, but its parent is " + describe(parent));
	}

	/**
	 * Returns the first span at or above the given one that is not an INTERNAL span made by the setup (spans the
	 * setup makes for a unit of work, such as an {@code @Async} method, are a legitimate parent in between).
	 */
	private @Nullable ExportedSpan aboveInternal(@Nullable ExportedSpan span) {
		ExportedSpan current = span;
		Set<String> seen = new HashSet<>();
		while (current != null && current.kind().equals("INTERNAL") && !current.name().startsWith(Work.SPAN_NAME_PREFIX)
				&& seen.add(current.spanId())) {
			current = parentOf(current);
		}
		return current;
	}

	private Check leaf(ExportedSpan leaf, ExportedSpan root) {
		if (!leaf.traceId().equals(root.traceId())) {
			ExportedSpan parent = parentOf(leaf);
			if (parent != null && parent.kind().equals("CLIENT")) {
				return Check.lost("client span in new trace", "the downstream span's parent is a CLIENT span in a trace "
						+ "of its own (the call was made without the request's context)");
			}
			return leaf.isRoot() ? Check.lost("no traceparent sent", "the downstream server span is a root: no "
					+ "trace context arrived with the call") : otherTrace(leaf);
		}
		ExportedSpan client = parentOf(leaf);
		if (client == null || !client.kind().equals("CLIENT")) {
			return Check.lost("wrong parent", "the downstream span's parent is " + describe(client) + ", not a CLIENT span");
		}
		ExportedSpan above = client;
		while (above != null && (above.kind().equals("CLIENT") || above.kind().equals("INTERNAL"))) {
			above = parentOf(above);
		}
		if (above != null && above.spanId().equals(root.spanId())) {
			return Check.kept("", "CLIENT span child of the request's server span");
		}
		return Check.lost("wrong parent", "the CLIENT span hangs under " + describe(above) + ", not the request's server span");
	}

	private Check underConsumer(ExportedSpan far, ExportedSpan root) {
		if (far.isRoot()) {
			return Check.lost("new trace", "no span current in the listener: the work started a trace of its own");
		}
		ExportedSpan direct = parentOf(far);
		if (direct == null) {
			return Check.lost("parent not exported", "the work's parent " + far.parentSpanId() + " was never exported");
		}
		ExportedSpan parent = aboveInternal(direct);
		if (parent == null || !parent.kind().equals("CONSUMER")) {
			return Check.lost("wrong parent", "its parent is " + direct.describe() + ", not a CONSUMER span");
		}
		String via = (direct != parent) ? "via " + direct.name() : "";
		if (far.traceId().equals(root.traceId())) {
			return Check.kept(via, "child of " + direct.describe() + " in the request's trace");
		}
		ExportedSpan top = topOf(parent);
		if (top == parent) {
			return Check.lost("consumer span is a root", parent.describe() + " starts a trace of its own (no trace "
					+ "context read from the record)");
		}
		if (top.kind().equals("PRODUCER")) {
			return Check.lost("send not in request trace", "the listener's trace starts at " + top.describe()
					+ ": the record was sent without the request's context");
		}
		return Check.lost("other trace", "the listener's trace starts at " + top.describe());
	}

	private Check underBatch(ExportedSpan far, ExportedSpan root) {
		if (far.isRoot()) {
			return Check.lost("no batch span", "no span current in the batch listener");
		}
		ExportedSpan parent = parentOf(far);
		if (parent == null || !parent.kind().equals("CONSUMER")) {
			return Check.lost("wrong parent", "its parent is " + describe(parent) + ", not a CONSUMER span");
		}
		if (parent.traceId().equals(root.traceId())) {
			return Check.kept("", "child of " + parent.describe() + " in the request's trace");
		}
		boolean linked = parent.links().stream().anyMatch((link) -> link.traceId().equals(root.traceId()));
		if (linked) {
			return Check.kept("via link", "child of " + parent.describe() + ", a trace of its own linked to the "
					+ "request's trace (" + parent.links().size() + " link(s))");
		}
		return Check.lost("batch span not linked", parent.describe() + " neither is in nor links to the request's trace");
	}

	private Check scheduledRun(ExportedSpan far) {
		if (far.isRoot()) {
			return Work.NONE.equals(far.attributes().get(Work.ORIGIN_ATTRIBUTE))
					? Check.lost("no span for the run", "no span current in the scheduled run: the work is a root")
					: Check.lost("lost at hand-off", "the run had a span, but the work handed off from it is a root");
		}
		ExportedSpan parent = parentOf(far);
		if (parent == null) {
			return Check.lost("parent not exported", "the work's parent " + far.parentSpanId() + " was never exported");
		}
		if (parent.isRoot() && !parent.kind().equals("SERVER")) {
			return Check.kept("", "child of " + parent.describe() + ", the root of the run's trace");
		}
		return Check.lost("wrong parent", "its parent is " + parent.describe() + " in trace started by "
				+ topOf(parent).describe());
	}

	private Check otherTrace(ExportedSpan far) {
		if (far.isRoot()) {
			return Check.lost("new trace", "no span current on the far side: the work started a trace of its own");
		}
		ExportedSpan parent = parentOf(far);
		return Check.lost("other trace", "in another trace, under " + describe(parent));
	}

	private List<ExportedSpan> named(String name) {
		return this.spans.stream().filter((span) -> span.name().equals(name)).toList();
	}

	/**
	 * Server spans of requests to the given path, matched by span name or path attributes.
	 */
	List<ExportedSpan> serverSpans(String path, boolean rootsOnly) {
		return this.spans.stream()
			.filter((span) -> span.kind().equals("SERVER"))
			.filter((span) -> !rootsOnly || span.isRoot())
			.filter((span) -> span.name().endsWith(" " + path) || span.name().equals(path)
					|| PATH_ATTRIBUTES.stream().map(span.attributes()::get).anyMatch((value) -> value != null
							&& (value.equals(path) || value.endsWith("//" + authority(value) + path))))
			.toList();
	}

	private static String authority(String url) {
		int scheme = url.indexOf("//");
		if (scheme < 0) {
			return "";
		}
		int slash = url.indexOf('/', scheme + 2);
		return (slash < 0) ? url.substring(scheme + 2) : url.substring(scheme + 2, slash);
	}

	private @Nullable ExportedSpan parentOf(ExportedSpan span) {
		return span.isRoot() ? null : this.byId.get(span.traceId() + "/" + span.parentSpanId());
	}

	private ExportedSpan topOf(ExportedSpan span) {
		ExportedSpan top = span;
		Set<String> seen = new HashSet<>();
		ExportedSpan parent = parentOf(top);
		while (parent != null && seen.add(parent.spanId())) {
			top = parent;
			parent = parentOf(top);
		}
		return top;
	}

	private static String describe(@Nullable ExportedSpan span) {
		return (span != null) ? span.describe() : "a span that was not exported";
	}

	private static String origin(ExportedSpan far) {
		String origin = far.attributes().get(Work.ORIGIN_ATTRIBUTE);
		if (origin == null) {
			return "";
		}
		return Work.NONE.equals(origin) ? "; no span was current where the work was handed on"
				: "; span " + origin + " was current where the work was handed on";
	}

	private interface FarSideCheck {

		Check apply(ExportedSpan far);

	}

	private record Check(boolean kept, String reason, String detail) {

		static Check kept(String reason, String detail) {
			return new Check(true, reason, detail);
		}

		static Check lost(String reason, String detail) {
			return new Check(false, reason, detail);
		}

	}

}
