package dev.tracewire.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link TraceShape} on hand-made spans: what the text shows, what it normalizes, and that the golden comparison
 * fails for every kind of change it is meant to catch.
 */
class TraceShapeTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";

	private static final String CALLER = "00f067aa0ba902b7";

	private static final String SERVER = "a000000000000001";

	private static final String QUERY = "a000000000000002";

	private static final String CLIENT = "a000000000000003";

	private static final String EXPECTED = """
			traces: 1 (distinct trace ids)
			trace 1 of 1, 1 root(s):
			'http get /items/{id}' [SERVER] UNSET (remote parent)
			    @ http.url="http://localhost:PORT/items/7?access_token=REDACTED"
			    @ server.port=PORT
			    @ status="200"
			  'SELECT items' [CLIENT] UNSET
			      @ db.query.text="SELECT name FROM items WHERE id = ?"
			      @ tracewire.jdbc.affected_rows=1
			  'http get' [CLIENT] ERROR "Read timed out"
			      @ messaging.kafka.time_in_queue.ms=DURATION
			      @ tags=["a", "b"]
			      event 'exception' {exception.stacktrace=STACKTRACE, exception.type="java.net.SocketTimeoutException"}
			""";

	@TempDir
	Path module;

	@Test
	void rendersOneLinePerSpanIndentedByDepthWithSortedAttributesStatusAndEvents() {
		assertThat(TraceShape.render(itemRequest(TRACE, 54321))).isEqualTo(EXPECTED);
	}

	@Test
	void rendersTheSameForSpansInAnotherOrderWithOtherIdsTimesAndPorts() {
		List<SpanData> shuffled = new ArrayList<>(itemRequest(OTHER_TRACE, 40001));
		Collections.reverse(shuffled);
		assertThat(TraceShape.render(shuffled)).isEqualTo(TraceShape.render(itemRequest(TRACE, 54321)));
	}

	@Test
	void normalizesValuesThatDifferFromRunToRun() {
		assertThat(TraceShape.normalize("00-" + TRACE + "-" + CALLER + "-01")).isEqualTo("00-TRACE_ID-SPAN_ID-01");
		assertThat(TraceShape.normalize("http://127.0.0.1:8080/a and http://localhost:61234/b"))
			.isEqualTo("http://127.0.0.1:PORT/a and http://localhost:PORT/b");
		assertThat(TraceShape.normalize("order 3f2504e0-4f89-11d3-9a0c-0305e82c3301"))
			.isEqualTo("order UUID");
		assertThat(TraceShape.normalize("consumer-batch-orders-12 / producer-3"))
			.isEqualTo("consumer-batch-orders-N / producer-N");
		assertThat(TraceShape.normalize("Apache Kafka: cnXuYqcUR-ipODuR1s1Dng")).isEqualTo("Apache Kafka: CLUSTER_ID");
		assertThat(TraceShape.normalize("Apache Kafka: cnXuYqcUR-ipODuR1s1D-g")).isEqualTo("Apache Kafka: CLUSTER_ID");
		SpanData consumer = span(TRACE, SERVER, null, "orders process", SpanKind.CONSUMER)
			.setAttributes(Attributes.builder()
				.put("messaging.kafka.offset", "17")
				.put("messaging.destination.partition.id", "0")
				.put("thread.name", "orders-0-C-1")
				.put("network.peer.port", 9092L)
				.build())
			.build();
		assertThat(TraceShape.render(List.of(consumer))).contains("@ messaging.kafka.offset=OFFSET\n",
				"@ messaging.destination.partition.id=\"0\"\n", "@ thread.name=THREAD\n",
				"@ network.peer.port=PORT\n");
	}

	@Test
	void keepsTheTypeOfAValue() {
		SpanData asString = span(TRACE, SERVER, null, "work", SpanKind.INTERNAL)
			.setAttributes(Attributes.of(AttributeKey.stringKey("count"), "3"))
			.build();
		SpanData asLong = span(TRACE, SERVER, null, "work", SpanKind.INTERNAL)
			.setAttributes(Attributes.of(AttributeKey.longKey("count"), 3L))
			.build();
		assertThat(TraceShape.render(List.of(asString))).contains("@ count=\"3\"");
		assertThat(TraceShape.render(List.of(asLong))).contains("@ count=3\n");
	}

	@Test
	void marksRemoteParentsAndParentsThatWereNotCaptured() {
		SpanData remote = span(TRACE, SERVER, remote(CALLER), "http get /a", SpanKind.SERVER).build();
		SpanData orphan = span(TRACE, CLIENT, local(TRACE, QUERY), "SELECT a", SpanKind.CLIENT).build();
		SpanData root = span(TRACE, QUERY.replace('2', '9'), null, "scheduled", SpanKind.INTERNAL).build();
		assertThat(TraceShape.render(List.of(remote, orphan, root))).isEqualTo("""
				traces: 1 (distinct trace ids)
				trace 1 of 1, 3 root(s):
				'SELECT a' [CLIENT] UNSET (parent not captured)
				'http get /a' [SERVER] UNSET (remote parent)
				'scheduled' [INTERNAL] UNSET
				""");
	}

	@Test
	void countsDistinctTraceIdsAndNamesLinkedSpans() {
		SpanData producer = span(TRACE, CLIENT, null, "orders send", SpanKind.PRODUCER).build();
		SpanData batch = span(OTHER_TRACE, SERVER, null, "orders batch process", SpanKind.CONSUMER)
			.setLinks(List.of(LinkData.create(local(TRACE, CLIENT)), LinkData.create(local(TRACE, QUERY))))
			.setTotalRecordedLinks(2)
			.build();
		assertThat(TraceShape.render(List.of(batch, producer))).isEqualTo("""
				traces: 2 (distinct trace ids)
				trace 1 of 2, 1 root(s):
				'orders batch process' [CONSUMER] UNSET
				    link -> 'orders send' [PRODUCER]
				    link -> (not captured)
				trace 2 of 2, 1 root(s):
				'orders send' [PRODUCER] UNSET
				""");
	}

	@Test
	void rendersNoSpans() {
		assertThat(TraceShape.render(List.of())).isEqualTo("traces: 0 (distinct trace ids)\n(no spans)\n");
	}

	@Test
	void matchesTheGoldenFileItWrote() throws IOException {
		TraceShape.assertMatchesGolden(this.module(), true, "item-request", itemRequest(TRACE, 54321));
		Path file = this.module.resolve("src/test/resources/golden/item-request.txt");
		assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("# ").endsWith(EXPECTED);

		TraceShape.assertMatchesGolden(this.module, false, "item-request", itemRequest(OTHER_TRACE, 40001));
	}

	@Test
	void failsWithADiffWhenAnAttributeChanged() {
		List<SpanData> changed = itemRequest(TRACE, 54321, "/items/{id}", "500", SERVER);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> compareWithGolden(changed))
			.withMessageContaining("Spans differ from golden file")
			.withMessageContaining("-    @ status=\"200\"\n+    @ status=\"500\"\n")
			.withMessageNotContaining("-  'SELECT items'");
	}

	@Test
	void failsWithADiffWhenANameChanged() {
		List<SpanData> changed = itemRequest(TRACE, 54321, "/items/{itemId}", "200", SERVER);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> compareWithGolden(changed))
			.withMessageContaining("-'http get /items/{id}' [SERVER] UNSET (remote parent)\n"
					+ "+'http get /items/{itemId}' [SERVER] UNSET (remote parent)\n");
	}

	@Test
	void failsWithADiffWhenAParentChanged() {
		List<SpanData> changed = itemRequest(TRACE, 54321, "/items/{id}", "200", QUERY);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> compareWithGolden(changed))
			.withMessageContaining("+    'http get' [CLIENT] ERROR \"Read timed out\"\n")
			.withMessageContaining("-  'http get' [CLIENT] ERROR \"Read timed out\"\n");
	}

	@Test
	void failsWhenASpanIsMissing() {
		List<SpanData> changed = itemRequest(TRACE, 54321).subList(0, 2);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> compareWithGolden(changed))
			.withMessageContaining("-  'http get' [CLIENT]");
	}

	@Test
	void failsWithInstructionsWhenThereIsNoGoldenFile() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> TraceShape.assertMatchesGolden(this.module, false, "absent", itemRequest(TRACE, 1)))
			.withMessageContaining("No golden file")
			.withMessageContaining("absent.txt")
			.withMessageContaining("-Dtracewire.golden.update=true")
			.withMessageContaining("'http get /items/{id}' [SERVER]");
	}

	@Test
	void refusesToWriteOutsideAModuleDirectory() {
		Path notAModule = this.module.resolve("empty");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> TraceShape.assertMatchesGolden(notAModule, true, "x", itemRequest(TRACE, 1)))
			.withMessageContaining("is not a module directory");
	}

	@Test
	void readsTheGoldenFileOfTheModuleUnderTest() {
		TraceShape.assertMatchesGolden("trace-shape", itemRequest(TRACE, 54321));
	}

	@Test
	void diffShowsChangedLinesWithThreeLinesOfContext() {
		List<String> golden = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");
		List<String> actual = List.of("a", "b", "C", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m");
		assertThat(TraceShape.diff(golden, actual)).isEqualTo("""
				@@ golden line 1, actual line 1 @@
				 a
				 b
				-c
				+C
				 d
				 e
				 f
				@@ golden line 10, actual line 10 @@
				 j
				 k
				 l
				+m
				""");
	}

	private Path module() throws IOException {
		Files.createDirectories(this.module.resolve("src/test"));
		return this.module;
	}

	private void compareWithGolden(List<SpanData> spans) throws IOException {
		TraceShape.assertMatchesGolden(module(), true, "item-request", itemRequest(TRACE, 54321));
		TraceShape.assertMatchesGolden(this.module, false, "item-request", spans);
	}

	private static List<SpanData> itemRequest(String traceId, int port) {
		return itemRequest(traceId, port, "/items/{id}", "200", SERVER);
	}

	// A server span with a query and a failed call under it; the call's parent can be moved.
	private static List<SpanData> itemRequest(String traceId, int port, String route, String status,
			String callParent) {
		long start = port * 1_000L;
		SpanData server = span(traceId, SERVER, remoteIn(traceId), "http get " + route, SpanKind.SERVER)
			.setStartEpochNanos(start)
			.setAttributes(Attributes.builder()
				.put("status", status)
				.put("http.url", "http://localhost:" + port + "/items/7?access_token=REDACTED")
				.put("server.port", (long) port)
				.build())
			.build();
		SpanData query = span(traceId, QUERY, local(traceId, SERVER), "SELECT items", SpanKind.CLIENT)
			.setStartEpochNanos(start + 2)
			.setAttributes(Attributes.builder()
				.put("tracewire.jdbc.affected_rows", 1L)
				.put("db.query.text", "SELECT name FROM items WHERE id = ?")
				.build())
			.build();
		Attributes exception = Attributes.builder()
			.put("exception.type", "java.net.SocketTimeoutException")
			.put("exception.stacktrace", "java.net.SocketTimeoutException\n\tat Client.call(Client.java:" + port)
			.build();
		SpanData call = span(traceId, CLIENT, local(traceId, callParent), "http get", SpanKind.CLIENT)
			.setStartEpochNanos(start + 1)
			.setStatus(StatusData.create(StatusCode.ERROR, "Read timed out"))
			.setAttributes(Attributes.builder()
				.put("messaging.kafka.time_in_queue.ms", (long) port % 100)
				.put(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
				.build())
			.setEvents(List.of(EventData.create(start + 5, "exception", exception)))
			.setTotalRecordedEvents(1)
			.build();
		return List.of(server, query, call);
	}

	private static TestSpanData.Builder span(String traceId, String spanId, @Nullable SpanContext parent,
			String name, SpanKind kind) {
		return TestSpanData.builder()
			.setSpanContext(SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
			.setParentSpanContext((parent != null) ? parent : SpanContext.getInvalid())
			.setName(name)
			.setKind(kind)
			.setStartEpochNanos(0)
			.setEndEpochNanos(10)
			.setHasEnded(true)
			.setStatus(StatusData.unset());
	}

	private static SpanContext local(String traceId, String spanId) {
		return SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
	}

	private static SpanContext remote(String spanId) {
		return remoteIn(TRACE, spanId);
	}

	private static SpanContext remoteIn(String traceId) {
		return remoteIn(traceId, CALLER);
	}

	private static SpanContext remoteIn(String traceId, String spanId) {
		return SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
	}

}
