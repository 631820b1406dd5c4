package dev.tracewire.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import org.jspecify.annotations.Nullable;

/**
 * Renders finished spans as a canonical text that is the same on every run, and compares it with a golden file,
 * so that a change to span names, kinds, parents, status, attributes, events or links shows up as a diff.
 *
 * <p>The text has one line per span, indented by its depth in the parent tree, giving name, kind, status code and
 * status description, followed by the span's attributes (sorted by key, one per line, prefixed with {@code @}),
 * its events ({@code event}) and its links ({@code link}, naming the linked span when it is among the rendered
 * spans). String values are quoted, other values are not, so that a change of type shows too. Siblings, roots and
 * traces are sorted by their own rendering, never by time. A span whose parent is remote is marked
 * {@code (remote parent)}, one whose local parent is missing {@code (parent not captured)}. The first line gives
 * the number of distinct trace ids.
 *
 * <p>What differs from run to run is normalized: ids of traces and spans (also inside values such as a
 * {@code traceparent}), ports ({@code localhost:54321} becomes {@code localhost:PORT}, {@code server.port} and
 * similar attributes {@code PORT}), Kafka offsets, times and durations ({@code *.ms} attributes), thread names and
 * ids, UUIDs, Kafka client ids with counters and cluster ids, and exception stack traces (their line numbers
 * change with any edit). Timestamps and durations of spans are not rendered at all.
 *
 * <pre class="code">
 * SpanData server = spans.awaitSpan("http get /items/{id}", SpanKind.SERVER);
 * List&lt;SpanData&gt; trace = spans.finished().stream()
 *     .filter((span) -&gt; span.getTraceId().equals(server.getTraceId())).toList();
 * TraceShape.assertMatchesGolden("item-request", trace);
 * </pre>
 *
 * <p>{@link #assertMatchesGolden(String, List)} reads {@code src/test/resources/golden/<name>.txt} of the module
 * under test. Run the test once with {@code -Dtracewire.golden.update=true} to write the file (or rewrite it after
 * an intended change), read what it pins, and commit it.
 */
public final class TraceShape {

	/**
	 * The system property that makes {@link #assertMatchesGolden(String, List)} write golden files instead of
	 * comparing with them, when set to {@code true}.
	 */
	public static final String UPDATE_PROPERTY = "tracewire.golden.update";

	// Relative to the module directory; on the test class path they are under golden/.
	private static final String GOLDEN_DIRECTORY = "src/test/resources/golden";

	private static final String PORT = "PORT";

	// Whole values replaced, by attribute key, because they differ from run to run.
	private static final Map<String, String> VARYING_KEYS = Map.ofEntries(Map.entry("server.port", PORT),
			Map.entry("client.port", PORT), Map.entry("network.peer.port", PORT),
			Map.entry("network.local.port", PORT), Map.entry("net.peer.port", PORT),
			Map.entry("net.host.port", PORT), Map.entry("messaging.kafka.offset", "OFFSET"),
			Map.entry("messaging.kafka.message.offset", "OFFSET"), Map.entry("thread.id", "THREAD"),
			Map.entry("thread.name", "THREAD"), Map.entry("exception.stacktrace", "STACKTRACE"));

	private static final Pattern HOST_PORT = Pattern
		.compile("(localhost|127\\.0\\.0\\.1|\\[::1\\]|0:0:0:0:0:0:0:1):\\d{1,5}");

	private static final Pattern UUID = Pattern
		.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

	private static final Pattern TRACE_ID = Pattern.compile("\\b[0-9a-f]{32}\\b");

	private static final Pattern SPAN_ID = Pattern.compile("\\b[0-9a-f]{16}\\b");

	// Kafka clients number themselves per JVM (producer-1, consumer-orders-3): the count depends on test order.
	private static final Pattern KAFKA_CLIENT_ID = Pattern.compile("\\b((?:producer|consumer)-(?:[\\w.-]+-)?)\\d+\\b");

	// Spring Kafka's peer.service names the cluster, whose id is random for a broker started by a test.
	private static final Pattern KAFKA_CLUSTER_ID = Pattern.compile("(Apache Kafka: )[\\w-]{22}(?![\\w-])");

	private static final String INDENT = "  ";

	private TraceShape() {
	}

	/**
	 * Render spans as canonical text.
	 * @param spans the finished spans, typically those of one trace
	 * @return the text, one line per span, attribute, event and link, ending with a line break
	 */
	public static String render(List<SpanData> spans) {
		Map<String, List<SpanData>> traces = spans.stream()
			.collect(Collectors.groupingBy(SpanData::getTraceId, LinkedHashMap::new, Collectors.toList()));
		Map<String, SpanData> byIdentity = new HashMap<>();
		spans.forEach((span) -> byIdentity.put(identity(span.getSpanContext()), span));
		StringBuilder text = new StringBuilder();
		text.append("traces: ").append(traces.size()).append(" (distinct trace ids)\n");
		if (spans.isEmpty()) {
			return text.append("(no spans)\n").toString();
		}
		List<String> renderedTraces = traces.values()
			.stream()
			.map((trace) -> renderTrace(trace, byIdentity))
			.sorted()
			.toList();
		for (int i = 0; i < renderedTraces.size(); i++) {
			text.append("trace ")
				.append(i + 1)
				.append(" of ")
				.append(renderedTraces.size())
				.append(", ")
				.append(renderedTraces.get(i).lines().filter((line) -> !line.startsWith(" ")).count())
				.append(" root(s):\n")
				.append(renderedTraces.get(i));
		}
		return text.toString();
	}

	// Ids, ports, UUIDs, numbered Kafka client ids and Kafka cluster ids replaced, wherever they are in a value.
	static String normalize(String value) {
		String normalized = HOST_PORT.matcher(value).replaceAll("$1:" + PORT);
		normalized = UUID.matcher(normalized).replaceAll("UUID");
		normalized = TRACE_ID.matcher(normalized).replaceAll("TRACE_ID");
		normalized = SPAN_ID.matcher(normalized).replaceAll("SPAN_ID");
		normalized = KAFKA_CLUSTER_ID.matcher(normalized).replaceAll("$1CLUSTER_ID");
		return KAFKA_CLIENT_ID.matcher(normalized).replaceAll("$1N");
	}

	/**
	 * Compare the rendering of spans with the golden file {@code src/test/resources/golden/<name>.txt} of the
	 * module under test, or write that file when the system property {@value #UPDATE_PROPERTY} is {@code true}.
	 * The file is looked up in the working directory (the module directory under Maven Surefire), then on the test
	 * class path. Lines of the file that start with {@code #} are comments.
	 * @param name the golden file's name, without {@code .txt}
	 * @param spans the spans to render
	 * @throws AssertionError if the rendering differs from the golden file (with a diff), or there is no golden
	 * file
	 */
	public static void assertMatchesGolden(String name, List<SpanData> spans) {
		assertMatchesGolden(Path.of(System.getProperty("user.dir")), Boolean.getBoolean(UPDATE_PROPERTY), name, spans);
	}

	// The module directory and the update switch as arguments, for the kit's own tests.
	static void assertMatchesGolden(Path moduleDirectory, boolean update, String name, List<SpanData> spans) {
		String fileName = (name.endsWith(".txt") ? name : name + ".txt");
		Path file = moduleDirectory.toAbsolutePath().resolve(GOLDEN_DIRECTORY).resolve(fileName);
		String actual = render(spans);
		if (update) {
			write(moduleDirectory, file, actual);
			return;
		}
		String golden = read(file);
		if (golden == null) {
			throw new AssertionError("No golden file " + file + " (nor golden/" + fileName + " on the class path). "
					+ "Run the test with -D" + UPDATE_PROPERTY + "=true to create it from the spans below, check "
					+ "what it pins, and commit it:\n" + actual);
		}
		List<String> expectedLines = withoutComments(golden);
		List<String> actualLines = actual.lines().toList();
		if (!expectedLines.equals(actualLines)) {
			throw new AssertionError("Spans differ from golden file " + file + " (- golden, + actual; comment lines "
					+ "not counted). If the change is intended, run the test with -D" + UPDATE_PROPERTY
					+ "=true and commit the file.\n--- golden/" + fileName + "\n+++ actual\n"
					+ diff(expectedLines, actualLines));
		}
	}

	private static String renderTrace(List<SpanData> trace, Map<String, SpanData> byIdentity) {
		Set<String> spanIds = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
		Map<String, List<SpanData>> children = trace.stream()
			.filter((span) -> spanIds.contains(span.getParentSpanId()))
			.collect(Collectors.groupingBy(SpanData::getParentSpanId));
		return trace.stream()
			.filter((span) -> !spanIds.contains(span.getParentSpanId()))
			.map((root) -> renderTree(root, 0, children, byIdentity, new HashSet<>()))
			.sorted()
			.collect(Collectors.joining());
	}

	private static String renderTree(SpanData span, int depth, Map<String, List<SpanData>> children,
			Map<String, SpanData> byIdentity, Set<String> path) {
		String indent = INDENT.repeat(depth);
		StringBuilder text = new StringBuilder(indent).append(describe(span, depth == 0)).append('\n');
		String details = indent + INDENT + INDENT;
		attributes(span.getAttributes())
			.forEach((key, value) -> text.append(details).append("@ ").append(key).append('=').append(value)
				.append('\n'));
		for (EventData event : span.getEvents()) {
			text.append(details).append("event '").append(event.getName()).append('\'');
			appendInline(text, event.getAttributes());
			text.append('\n');
		}
		span.getLinks()
			.stream()
			.map((link) -> link(link, byIdentity))
			.sorted()
			.forEach((link) -> text.append(details).append(link).append('\n'));
		if (path.add(span.getSpanId())) {
			children.getOrDefault(span.getSpanId(), List.of())
				.stream()
				.map((child) -> renderTree(child, depth + 1, children, byIdentity, path))
				.sorted()
				.forEach(text::append);
			path.remove(span.getSpanId());
		}
		return text.toString();
	}

	private static String describe(SpanData span, boolean root) {
		StringBuilder line = new StringBuilder("'").append(span.getName())
			.append("' [")
			.append(span.getKind())
			.append("] ");
		StatusData status = span.getStatus();
		line.append(status.getStatusCode());
		if (!status.getDescription().isEmpty()) {
			line.append(" \"").append(normalize(status.getDescription())).append('"');
		}
		if (root) {
			SpanContext parent = span.getParentSpanContext();
			if (parent.isRemote()) {
				line.append(" (remote parent)");
			}
			else if (parent.isValid()) {
				line.append(" (parent not captured)");
			}
		}
		if (!span.hasEnded()) {
			line.append(" (not ended)");
		}
		return line.toString();
	}

	private static String link(LinkData link, Map<String, SpanData> byIdentity) {
		SpanData linked = byIdentity.get(identity(link.getSpanContext()));
		StringBuilder text = new StringBuilder("link -> ");
		text.append((linked != null) ? "'" + linked.getName() + "' [" + linked.getKind() + "]" : "(not captured)");
		appendInline(text, link.getAttributes());
		return text.toString();
	}

	private static void appendInline(StringBuilder text, Attributes attributes) {
		if (!attributes.isEmpty()) {
			text.append(' ').append(attributes(attributes));
		}
	}

	private static Map<String, String> attributes(Attributes attributes) {
		Map<String, String> sorted = new TreeMap<>();
		attributes.forEach((key, value) -> sorted.put(key.getKey(), value(key, value)));
		return sorted;
	}

	private static String value(AttributeKey<?> key, Object value) {
		String replacement = VARYING_KEYS.get(key.getKey());
		if (replacement != null) {
			return replacement;
		}
		if (key.getKey().endsWith(".ms") || key.getKey().endsWith("_ms")) {
			return "DURATION";
		}
		if (value instanceof List<?> list) {
			return list.stream().map(TraceShape::scalar).collect(Collectors.joining(", ", "[", "]"));
		}
		return scalar(value);
	}

	private static String scalar(@Nullable Object value) {
		return (value instanceof String string) ? '"' + normalize(string) + '"' : String.valueOf(value);
	}

	private static String identity(SpanContext context) {
		return context.getTraceId() + "/" + context.getSpanId();
	}

	private static List<String> withoutComments(String text) {
		return text.replace("\r\n", "\n").lines().filter((line) -> !line.startsWith("#")).toList();
	}

	private static @Nullable String read(Path file) {
		try {
			if (Files.isRegularFile(file)) {
				return Files.readString(file, StandardCharsets.UTF_8);
			}
			// Run from elsewhere than the module directory (an IDE's default): the copy on the class path.
			ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
			String resourceName = "golden/" + file.getFileName();
			try (InputStream resource = (classLoader != null) ? classLoader.getResourceAsStream(resourceName)
					: null) {
				return (resource != null) ? new String(resource.readAllBytes(), StandardCharsets.UTF_8) : null;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read golden file " + file, ex);
		}
	}

	private static void write(Path moduleDirectory, Path file, String rendering) {
		if (!Files.isDirectory(moduleDirectory.resolve("src/test"))) {
			throw new AssertionError("Cannot write golden file " + file.getFileName() + ": " + moduleDirectory
					+ " is not a module directory (no src/test); run the test with the module as working directory");
		}
		String header = "# Spans rendered by " + TraceShape.class.getName() + "; compared line by line, lines "
				+ "starting with # ignored.\n# Regenerate with -D" + UPDATE_PROPERTY + "=true, then review the diff.\n";
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, header + rendering, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write golden file " + file, ex);
		}
		System.err.println("Wrote golden file " + file);
	}

	// A line diff from the longest common subsequence, in hunks with three lines of context.
	static String diff(List<String> expected, List<String> actual) {
		int[][] common = new int[expected.size() + 1][actual.size() + 1];
		for (int i = expected.size() - 1; i >= 0; i--) {
			for (int j = actual.size() - 1; j >= 0; j--) {
				common[i][j] = expected.get(i).equals(actual.get(j)) ? common[i + 1][j + 1] + 1
						: Math.max(common[i + 1][j], common[i][j + 1]);
			}
		}
		List<String> lines = new ArrayList<>();
		int i = 0;
		int j = 0;
		while (i < expected.size() || j < actual.size()) {
			if (i < expected.size() && j < actual.size() && expected.get(i).equals(actual.get(j))) {
				lines.add(" " + expected.get(i++));
				j++;
			}
			else if (i < expected.size() && (j == actual.size() || common[i + 1][j] >= common[i][j + 1])) {
				lines.add("-" + expected.get(i++));
			}
			else {
				lines.add("+" + actual.get(j++));
			}
		}
		return hunks(lines, 3);
	}

	private static String hunks(List<String> lines, int context) {
		boolean[] shown = new boolean[lines.size()];
		for (int k = 0; k < lines.size(); k++) {
			if (!lines.get(k).startsWith(" ")) {
				for (int c = Math.max(0, k - context); c <= Math.min(lines.size() - 1, k + context); c++) {
					shown[c] = true;
				}
			}
		}
		StringBuilder text = new StringBuilder();
		int expectedLine = 1;
		int actualLine = 1;
		for (int k = 0; k < lines.size(); k++) {
			String line = lines.get(k);
			if (shown[k]) {
				if (k == 0 || !shown[k - 1]) {
					text.append("@@ golden line ").append(expectedLine).append(", actual line ").append(actualLine)
						.append(" @@\n");
				}
				text.append(line).append('\n');
			}
			expectedLine += line.startsWith("+") ? 0 : 1;
			actualLine += line.startsWith("-") ? 0 : 1;
		}
		return text.toString();
	}

}
