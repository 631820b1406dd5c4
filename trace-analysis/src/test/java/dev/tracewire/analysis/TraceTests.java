package dev.tracewire.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tracewire.analysis.AnalyzedSpan.Kind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link Trace}, {@link CriticalPath} and {@link RootCause} on hand-made traces whose answers are worked out by hand
 * in each test's comments. Times are in microseconds from 0; span ids double as short names.
 */
class TraceTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";

	@Test
	void singleSpanIsItsOwnCriticalPathAndSelfTime() {
		Trace trace = Trace.of(List.of(span("g", null, "gateway", "http get /items", Kind.SERVER, 0, 100)));

		assertThat(trace.traceId()).isEqualTo(TRACE);
		assertThat(ids(trace.roots())).containsExactly("g");
		assertThat(path(trace)).containsExactly("g 0..100");
		assertThat(timeOnPath(trace)).containsExactly(entry("g", 100L));
		assertThat(trace.criticalPath().durationMicros()).isEqualTo(100);
		assertThat(trace.criticalPath().notes()).isEmpty();
		assertThat(trace.selfTimeByService()).containsExactly(entry("gateway", 100L));
		assertThat(trace.rootCauses()).isEmpty();
		assertThat(trace.notes()).isEmpty();
	}

	@Test
	void sequentialChildrenAreAllOnThePathWithTheParentBetweenThem() {
		// g: 0..10 own, c1 10..40, c2 40..90 (starts when c1 ends), 90..100 own.
		Trace trace = Trace.of(List.of(span("g", null, "gateway", "http post /checkout", Kind.SERVER, 0, 100),
				span("c2", "g", "payment-service", "charge", Kind.INTERNAL, 40, 90),
				span("c1", "g", "inventory", "reserve", Kind.INTERNAL, 10, 40)));

		assertThat(path(trace)).containsExactly("g 0..10", "c1 10..40", "c2 40..90", "g 90..100");
		assertThat(timeOnPath(trace)).containsExactly(entry("g", 20L), entry("c1", 30L), entry("c2", 50L));
		assertThat(trace.selfTimeMicros(trace.span("g"))).isEqualTo(20);
		assertThat(trace.selfTimeByService()).containsExactly(entry("payment-service", 50L), entry("inventory", 30L),
				entry("gateway", 20L));
		assertThat(ids(trace.children(trace.span("g")))).containsExactly("c1", "c2");
	}

	@Test
	void zeroLengthChildrenAtTheWalksPointDoNotSplitOrStallIt() {
		// z1 and z2 take no time at 50, where c starts: g's own time 50..100 and 0..10 joins across them.
		Trace trace = Trace.of(List.of(span("g", null, "gateway", "http get /", Kind.SERVER, 0, 100),
				span("c", "g", "gateway", "render", Kind.INTERNAL, 10, 50),
				span("z1", "g", "gateway", "cache hit", Kind.INTERNAL, 50, 50),
				span("z2", "g", "gateway", "cache hit", Kind.INTERNAL, 50, 50)));

		assertThat(path(trace)).containsExactly("g 0..10", "c 10..50", "g 50..100");
	}

	@Test
	void parallelChildrenPutOnlyTheLastToFinishOnThePath() {
		// a 10..60, b 20..80, c 30..50 and e 50..80 run in parallel; b and e end last, b started first. Before b
		// started at 20, d (5..15) had finished: it is on the path too; a and c are hidden behind b.
		Trace trace = Trace.of(List.of(span("g", null, "gateway", "http get /home", Kind.SERVER, 0, 100),
				span("a", "g", "gateway", "http get /profile", Kind.CLIENT, 10, 60),
				span("b", "g", "gateway", "http get /orders", Kind.CLIENT, 20, 80),
				span("c", "g", "gateway", "http get /ads", Kind.CLIENT, 30, 50),
				span("e", "g", "gateway", "http get /offers", Kind.CLIENT, 50, 80),
				span("d", "g", "gateway", "auth", Kind.INTERNAL, 5, 15)));

		assertThat(path(trace)).containsExactly("g 0..5", "d 5..15", "g 15..20", "b 20..80", "g 80..100");
		assertThat(timeOnPath(trace)).containsExactly(entry("g", 30L), entry("d", 10L), entry("b", 60L));
		// g's children cover 5..80 together.
		assertThat(trace.selfTimeMicros(trace.span("g"))).isEqualTo(25);
		assertThat(trace.criticalPath().durationMicros()).isEqualTo(100);
	}

	@Test
	void nestedChainGoesDownToTheDeepestSpanAndBackUp() {
		Trace trace = Trace.of(nestedChain());

		assertThat(path(trace)).containsExactly("gs 0..10", "gc 10..15", "os 15..20", "oc 20..25", "ps 25..30",
				"db 30..60", "ps 60..65", "oc 65..70", "os 70..85", "gc 85..90", "gs 90..100");
		assertThat(timeOnPath(trace)).containsExactly(entry("gs", 20L), entry("gc", 10L), entry("os", 20L),
				entry("oc", 10L), entry("ps", 10L), entry("db", 30L));
		// Self times: gs 20 + gc 10, os 20 + oc 10, ps 10 + db 30.
		assertThat(trace.selfTimeByService()).containsExactly(entry("payment-service", 40L), entry("gateway", 30L),
				entry("order-service", 30L));
		assertThat(trace.rootCauses()).isEmpty();
	}

	@Test
	void clampsChildrenOfSkewedClocksToTheirParentForThePath() {
		// os (order's clock) starts 5 before its client span oc: taken as 10..55. ps (payment's clock) ends 5 after
		// its client span pc: taken as 70..90.
		Trace trace = Trace.of(List.of(span("g", null, "gateway", "http post /checkout", Kind.SERVER, 0, 100),
				span("oc", "g", "gateway", "http post /orders", Kind.CLIENT, 10, 60),
				span("os", "oc", "order-service", "http post /orders", Kind.SERVER, 5, 55),
				span("pc", "g", "gateway", "http post /charges", Kind.CLIENT, 60, 90),
				span("ps", "pc", "payment-service", "http post /charges", Kind.SERVER, 70, 95)));

		CriticalPath path = trace.criticalPath();
		assertThat(path(trace)).containsExactly("g 0..10", "os 10..55", "oc 55..60", "pc 60..70", "ps 70..90",
				"g 90..100");
		assertThat(path.durationMicros()).isEqualTo(100);
		assertThat(path.notes()).containsExactly(
				"'http post /orders' (os) of order-service clamped to its parent 'http post /orders' (oc) of gateway"
						+ " (clock skew): 5..55 taken as 10..55",
				"'http post /charges' (ps) of payment-service clamped to its parent 'http post /charges' (pc) of "
						+ "gateway (clock skew): 70..95 taken as 70..90");
		// Self time keeps each span's own duration and clips only the children: g 100 - 80, oc 50 - 45,
		// pc 30 - 20; os 50 and ps 25 have no children.
		assertThat(trace.selfTimeByService()).containsExactly(entry("order-service", 50L),
				entry("gateway", 35L), entry("payment-service", 25L));
		assertThat(trace.notes()).isEmpty();
	}

	@Test
	void leavesAChildEntirelyOutsideItsParentOffThePath() {
		// ps is recorded after its client span ended (a clock far off): it cannot be placed, so pc is on the path
		// alone.
		Trace trace = Trace.of(List.of(span("g", null, "gateway", "http post /checkout", Kind.SERVER, 0, 100),
				span("pc", "g", "gateway", "http post /charges", Kind.CLIENT, 10, 90),
				span("ps", "pc", "payment-service", "http post /charges", Kind.SERVER, 150, 200)));

		assertThat(path(trace)).containsExactly("g 0..10", "pc 10..90", "g 90..100");
		assertThat(trace.criticalPath().notes()).containsExactly("'http post /charges' (ps) of payment-service lies "
				+ "outside its parent 'http post /charges' (pc) of gateway (clock skew): not on the path");
	}

	@Test
	void asyncConsumerThatOutlivesItsParentIsNotOnThePath() {
		// The order request (0..100) sends a record (pr 40..50); shipping consumes it from 60 to 300, long after
		// the request answered. An in-process consumer (audit, 90..120) also outlives the request. Neither held
		// the request up: its path is its own time around the query and the send.
		Trace trace = Trace.of(List.of(span("g", null, "order-service", "http post /orders", Kind.SERVER, 0, 100),
				span("db", "g", "order-service", "INSERT orders", Kind.CLIENT, 10, 30),
				span("pr", "g", "order-service", "orders send", Kind.PRODUCER, 40, 50),
				span("co", "pr", "shipping", "orders process", Kind.CONSUMER, 60, 300),
				span("sc", "co", "shipping", "http post /labels", Kind.CLIENT, 70, 290),
				span("au", "g", "audit", "order-events process", Kind.CONSUMER, 90, 120)));

		CriticalPath path = trace.criticalPath();
		assertThat(path(trace)).containsExactly("g 0..10", "db 10..30", "g 30..40", "pr 40..50", "g 50..100");
		assertThat(timeOnPath(trace)).containsExactly(entry("g", 70L), entry("db", 20L), entry("pr", 10L));
		assertThat(path.notes()).containsExactly(
				"'order-events process' (au) of audit ends after its parent 'http post /orders' (g) of "
						+ "order-service: asynchronous follow-up, not on the parent's path",
				"'orders process' (co) of shipping ends after its parent 'orders send' (pr) of order-service: "
						+ "asynchronous follow-up, not on the parent's path");
		// Self time clips every child to its parent: au's 90..100 counts against g (100 - 20 - 10 - 10 = 60);
		// co 240 - 220.
		assertThat(trace.selfTimeByService()).containsExactly(entry("shipping", 240L), entry("order-service", 90L),
				entry("audit", 30L));
	}

	@Test
	void spanWithAMissingParentBecomesAnotherRoot() {
		// os's parent (the gateway's client span) was never exported.
		Trace trace = Trace.of(List.of(span("g", null, "gateway", "http post /checkout", Kind.SERVER, 0, 100),
				span("os", "c0ffee0000000001", "order-service", "http post /orders", Kind.SERVER, 20, 80),
				span("db", "os", "order-service", "SELECT orders", Kind.CLIENT, 30, 40)));

		assertThat(ids(trace.roots())).containsExactly("g", "os");
		assertThat(trace.root().spanId()).isEqualTo("g");
		assertThat(trace.parent(trace.span("os"))).isNull();
		assertThat(trace.notes()).containsExactly("'http post /orders' (os) of order-service names parent "
				+ "c0ffee0000000001, which is not in the trace: taken as a root");
		assertThat(path(trace)).containsExactly("g 0..100");
		assertThat(trace.selfTimeByService()).containsExactly(entry("gateway", 100L), entry("order-service", 60L));
	}

	@Test
	void ofSeveralRootsStartingFirstTheLongestIsTheRoot() {
		Trace trace = Trace.of(List.of(
				span("short", "lost0001", "order-service", "orders process", Kind.CONSUMER, 0, 50),
				span("long", null, "gateway", "http post /checkout", Kind.SERVER, 0, 100),
				span("late", "lost0002", "payment-service", "http post /charges", Kind.SERVER, 10, 300)));

		assertThat(ids(trace.roots())).containsExactly("long", "short", "late");
		assertThat(trace.root().spanId()).isEqualTo("long");
		assertThat(trace.criticalPath().root().spanId()).isEqualTo("long");
	}

	@Test
	void breaksAParentCycleAtItsFirstSpanWhateverTheInputOrder() {
		// a's parent is c, c's is b, b's is a; e names itself. a starts first of the cycle: it becomes a root.
		List<AnalyzedSpan> spans = List.of(span("a", "c", "gateway", "http get /", Kind.SERVER, 0, 100),
				span("b", "a", "gateway", "http get /items", Kind.CLIENT, 10, 90),
				span("c", "b", "items", "http get /items", Kind.SERVER, 20, 80),
				span("e", "e", "gateway", "cleanup", Kind.INTERNAL, 200, 210));
		List<AnalyzedSpan> reversed = new ArrayList<>(spans);
		Collections.reverse(reversed);

		for (List<AnalyzedSpan> input : List.of(spans, reversed)) {
			Trace trace = Trace.of(input);
			assertThat(ids(trace.roots())).containsExactly("a", "e");
			assertThat(ids(trace.children(trace.span("a")))).containsExactly("b");
			assertThat(ids(trace.children(trace.span("b")))).containsExactly("c");
			assertThat(trace.notes()).containsExactly(
					"'cleanup' (e) of gateway names itself as parent: taken as a root",
					"parent cycle a -> c -> b -> a (span -> parent): 'http get /' (a) of gateway taken as a root");
			assertThat(path(trace)).containsExactly("a 0..10", "b 10..20", "c 20..80", "b 80..90", "a 90..100");
		}
	}

	@Test
	void keepsTheFirstOfSpansWithTheSameId() {
		AnalyzedSpan query = span("q", "g", "order-service", "SELECT orders", Kind.CLIENT, 10, 60);
		Trace trace = Trace.of(List.of(span("g", null, "order-service", "http get /orders", Kind.SERVER, 0, 100),
				query, span("q", "g", "order-service", "SELECT customers", Kind.CLIENT, 10, 95), query));

		assertThat(trace.spans()).hasSize(2);
		assertThat(trace.span("q").name()).isEqualTo("SELECT orders");
		assertThat(trace.notes()).containsExactly(
				"duplicate span id q: kept 'SELECT orders' (q) of order-service, ignored 'SELECT customers' (q) of "
						+ "order-service",
				"duplicate span id q: kept 'SELECT orders' (q) of order-service, ignored an identical copy");
		assertThat(path(trace)).containsExactly("g 0..10", "q 10..60", "g 60..100");
		assertThat(trace.selfTimeByService()).containsExactly(entry("order-service", 100L));
	}

	@Test
	void cascadeFailureHasTheDeepestFailedSpanAsRootCause() {
		// payment answers 503, order passes it on, the gateway too; payment's query succeeded.
		Trace trace = Trace.of(nestedChain().stream()
			.map((span) -> span.spanId().equals("db") ? span : failed(span, "503"))
			.toList());

		List<RootCause> causes = trace.rootCauses();
		assertThat(causes).hasSize(1);
		assertThat(causes.get(0).span().spanId()).isEqualTo("ps");
		assertThat(causes.get(0).description())
			.isEqualTo("root cause: payment-service `http post /charges` ERROR 503");
		assertThat(ids(causes.get(0).chain())).containsExactly("ps", "oc", "os", "gc", "gs");
	}

	@Test
	void independentFailuresHaveOneRootCauseEachInStartOrder() {
		// The gateway fails because inventory answered 500 and, independently, its charge call timed out.
		Trace trace = Trace.of(List.of(
				failed(span("pc", "g", "gateway", "http post /charges", Kind.CLIENT, 50, 90), "Read timed out"),
				failed(span("g", null, "gateway", "http post /checkout", Kind.SERVER, 0, 100), "500"),
				failed(span("ic", "g", "gateway", "http get /stock", Kind.CLIENT, 10, 40), "500"),
				failed(span("is", "ic", "inventory", "http get /stock", Kind.SERVER, 12, 38), "500"),
				span("db", "is", "inventory", "SELECT stock", Kind.CLIENT, 15, 35)));

		assertThat(trace.rootCauses()).extracting(RootCause::description)
			.containsExactly("root cause: inventory `http get /stock` ERROR 500",
					"root cause: gateway `http post /charges` ERROR Read timed out");
		assertThat(trace.rootCauses()).extracting((cause) -> ids(cause.chain()))
			.containsExactly(List.of("is", "ic", "g"), List.of("pc", "g"));
	}

	@Test
	void failedChildIsARootCauseEvenWhenItsParentRecovered() {
		// Recommendations failed; the gateway retried, the retry succeeded and the page was served.
		Trace trace = Trace.of(List.of(span("g", null, "gateway", "http get /home", Kind.SERVER, 0, 100),
				failed(span("rc", "g", "gateway", "http get /recommendations", Kind.CLIENT, 10, 30), "503"),
				failed(span("rs", "rc", "recommendations", "http get /recommendations", Kind.SERVER, 12, 28), null),
				span("retry", "g", "gateway", "http get /recommendations", Kind.CLIENT, 30, 60)));

		assertThat(trace.rootCauses()).extracting(RootCause::description)
			.containsExactly("root cause: recommendations `http get /recommendations` ERROR");
		assertThat(ids(trace.rootCauses().get(0).chain())).containsExactly("rs", "rc");
	}

	@Test
	void emptyTraceHasNoRootPathCausesOrNotes() {
		Trace trace = Trace.of(List.of());

		assertThat(trace.isEmpty()).isTrue();
		assertThat(trace.traceId()).isNull();
		assertThat(trace.root()).isNull();
		assertThat(trace.roots()).isEmpty();
		assertThat(trace.criticalPath().root()).isNull();
		assertThat(trace.criticalPath().segments()).isEmpty();
		assertThat(trace.criticalPath().durationMicros()).isZero();
		assertThat(trace.rootCauses()).isEmpty();
		assertThat(trace.selfTimeByService()).isEmpty();
		assertThat(trace.notes()).isEmpty();
	}

	@Test
	void repairsSpansThatEndBeforeTheyStartAndIgnoresOtherTraces() {
		Trace trace = Trace.of(List.of(span("g", null, "gateway", "http get /", Kind.SERVER, 0, 100),
				span("bad", "g", "gateway", "render", Kind.INTERNAL, 50, 40),
				new AnalyzedSpan(OTHER_TRACE, "x", null, "other", "stray", Kind.SERVER, 0, 500, false, null),
				new AnalyzedSpan(TRACE, "root2", "0000000000000000", "gateway", "scheduled", Kind.INTERNAL, 200,
						210, false, null)));

		assertThat(trace.traceId()).isEqualTo(TRACE);
		assertThat(ids(trace.spans())).containsExactly("g", "bad", "root2");
		assertThat(trace.span("bad").endMicros()).isEqualTo(50);
		assertThat(trace.parent(trace.span("root2"))).isNull();
		assertThat(trace.notes()).containsExactly(
				"'render' (bad) of gateway ends 10 µs before it starts: taken as ending when it starts",
				"ignored 1 span(s) of trace ids other than " + TRACE);
		assertThat(path(trace)).containsExactly("g 0..100");
		assertThatIllegalArgumentException().isThrownBy(() -> trace.children(
				new AnalyzedSpan(OTHER_TRACE, "x", null, "other", "stray", Kind.SERVER, 0, 500, false, null)));
	}

	@Test
	void rejectsOnlyNull() {
		assertThatNullPointerException().isThrownBy(() -> Trace.of(null));
		List<AnalyzedSpan> withNull = new ArrayList<>();
		withNull.add(null);
		assertThatNullPointerException().isThrownBy(() -> Trace.of(withNull));
	}

	// gateway server -> gateway client -> order server -> order client -> payment server -> payment's query.
	private static List<AnalyzedSpan> nestedChain() {
		return List.of(span("gs", null, "gateway", "http post /checkout", Kind.SERVER, 0, 100),
				span("gc", "gs", "gateway", "http post /orders", Kind.CLIENT, 10, 90),
				span("os", "gc", "order-service", "http post /orders", Kind.SERVER, 15, 85),
				span("oc", "os", "order-service", "http post /charges", Kind.CLIENT, 20, 70),
				span("ps", "oc", "payment-service", "http post /charges", Kind.SERVER, 25, 65),
				span("db", "ps", "payment-service", "INSERT charges", Kind.CLIENT, 30, 60));
	}

	private static AnalyzedSpan span(String id, @Nullable String parent, String service, String name, Kind kind,
			long start, long end) {
		return new AnalyzedSpan(TRACE, id, parent, service, name, kind, start, end, false, null);
	}

	private static AnalyzedSpan failed(AnalyzedSpan span, @Nullable String description) {
		return new AnalyzedSpan(span.traceId(), span.spanId(), span.parentSpanId(), span.serviceName(), span.name(),
				span.kind(), span.startMicros(), span.endMicros(), true, description);
	}

	private static List<String> path(Trace trace) {
		return trace.criticalPath()
			.segments()
			.stream()
			.map((segment) -> segment.span().spanId() + " " + segment.startMicros() + ".." + segment.endMicros())
			.toList();
	}

	private static Map<String, Long> timeOnPath(Trace trace) {
		Map<String, Long> bySpanId = new LinkedHashMap<>();
		trace.criticalPath().timeOnPath().forEach((span, micros) -> bySpanId.put(span.spanId(), micros));
		return bySpanId;
	}

	private static List<String> ids(List<AnalyzedSpan> spans) {
		return spans.stream().map(AnalyzedSpan::spanId).toList();
	}

}
