package dev.tracewire.sample.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Draws a trace in the terminal: one row per span in tree order (children indented under their parent), the
 * service, the span name, its duration and a bar placed on the trace's time line; failed spans are marked and
 * notable events (N+1 queries, slow queries, retries, dead letters, time waited in Kafka) named at the row's end.
 */
final class Waterfall {

	/** Rows drawn at most; the rest are counted. */
	static final int MAX_ROWS = 120;

	private static final int SERVICE_WIDTH = 20;

	private static final int DURATION_WIDTH = 9;

	private static final Pattern EXECUTIONS = Pattern.compile("\"tracewire\\.jdbc\\.executions\"\\s*:\\s*\"?(\\d+)");

	private static final Pattern QUERY_TEXT = Pattern.compile("\"db\\.query\\.text\"\\s*:\\s*\"([^\"]*)\"");

	private final Terminal terminal;

	private Waterfall(Terminal terminal) {
		this.terminal = terminal;
	}

	/**
	 * Draws a trace.
	 * @param trace the trace
	 * @param terminal what the output can do
	 * @return the lines, each ending with a line separator
	 */
	static String render(Trace trace, Terminal terminal) {
		return new Waterfall(terminal).draw(trace);
	}

	private String draw(Trace trace) {
		if (trace.isEmpty()) {
			return "Trace " + trace.traceId() + ": Zipkin has no spans of it." + System.lineSeparator();
		}
		List<Row> rows = new ArrayList<>();
		for (ZipkinSpan root : trace.roots()) {
			collect(trace, root, "", "", rows);
		}
		int nameWidth = Math.min(64, rows.stream().mapToInt((row) -> row.label().length()).max().orElse(10));
		int fixed = 2 + SERVICE_WIDTH + 1 + nameWidth + 1 + DURATION_WIDTH + 2 + 1;
		int barWidth = Math.max(20, Math.min(60, this.terminal.width() - fixed - 28));
		long start = trace.start();
		long total = Math.max(1, trace.durationMicros());

		StringBuilder out = new StringBuilder();
		int services = trace.services().size();
		String title = "Trace " + trace.traceId() + "  " + services + ((services == 1) ? " service, " : " services, ")
				+ trace.spans().size() + " spans, " + duration(total);
		line(out, this.terminal.bold(title));
		String axisEnd = duration(total);
		String axis = pad("0", barWidth - axisEnd.length()) + axisEnd;
		line(out, "  " + pad("service", SERVICE_WIDTH) + " " + pad("span", nameWidth) + " "
				+ padLeft("duration", DURATION_WIDTH) + "  " + this.terminal.dim(axis));
		int drawn = 0;
		for (Row row : rows) {
			if (drawn++ == MAX_ROWS) {
				line(out, "  ... " + (rows.size() - MAX_ROWS) + " more spans: see Zipkin");
				break;
			}
			line(out, row(row, nameWidth, barWidth, start, total));
		}
		line(out, this.terminal.dim("  " + this.terminal.symbol("✗", "X") + " error   "
				+ this.terminal.symbol("▲", "!") + " worth a look (N+1, slow query, retry, dead letter, lag)"));
		return out.toString();
	}

	private void collect(Trace trace, ZipkinSpan span, String prefix, String childPrefix, List<Row> rows) {
		rows.add(new Row(span, prefix + span.spanName()));
		List<ZipkinSpan> children = trace.childrenOf(span);
		for (int i = 0; i < children.size(); i++) {
			boolean last = i == children.size() - 1;
			String branch = last ? this.terminal.symbol("└─ ", "`- ") : this.terminal.symbol("├─ ", "|- ");
			String next = last ? "   " : this.terminal.symbol("│  ", "|  ");
			collect(trace, children.get(i), childPrefix + branch, childPrefix + next, rows);
		}
	}

	private String row(Row row, int nameWidth, int barWidth, long start, long total) {
		ZipkinSpan span = row.span();
		List<String> notes = notes(span);
		boolean error = span.isError();
		String gutter = error ? this.terminal.symbol("✗", "X") : (notes.isEmpty() ? " " : this.terminal.symbol("▲", "!"));
		String text = gutter + " " + pad(cut(span.service(), SERVICE_WIDTH), SERVICE_WIDTH) + " "
				+ pad(cut(row.label(), nameWidth), nameWidth) + " "
				+ padLeft((span.duration() != null) ? duration(span.durationMicros()) : "?", DURATION_WIDTH) + "  ";
		String bar = bar(span, barWidth, start, total);
		String note = notes.isEmpty() ? "" : " " + String.join("; ", notes);
		if (error) {
			return this.terminal.red(text) + bar + this.terminal.red(note);
		}
		return text + bar + (notes.isEmpty() ? "" : this.terminal.yellow(note));
	}

	private String bar(ZipkinSpan span, int width, long start, long total) {
		int from = (int) Math.min(width - 1, (span.timestamp() - start) * width / total);
		int length = (int) Math.max(1, Math.round((double) span.durationMicros() * width / total));
		int to = Math.min(width, from + length);
		String filled = this.terminal.symbol("█", "#").repeat(to - from);
		String before = this.terminal.symbol("·", " ").repeat(from);
		String after = this.terminal.symbol("·", " ").repeat(width - to);
		String body = this.terminal.dim(before) + (span.isError() ? this.terminal.red(filled) : filled)
				+ this.terminal.dim(after);
		return "|" + body + "|";
	}

	/**
	 * Returns what is worth pointing at in a span.
	 * @param span the span
	 * @return short notes, empty when nothing stands out
	 */
	static List<String> notes(ZipkinSpan span) {
		List<String> notes = new ArrayList<>();
		if (span.isError()) {
			String status = span.tag("status");
			notes.add("ERROR " + firstNonBlank(meaningful(span.tag("error")), meaningful(span.tag("exception")),
					span.tag("error.type"), (status != null && status.matches("\\d{3}")) ? status : null, ""));
		}
		if (span.hasTag("tracewire.jdbc.n_plus_one") || span.hasAnnotation("jdbc.n_plus_one")) {
			notes.add(nPlusOne(span));
		}
		if ("true".equals(span.tag("tracewire.jdbc.slow_query"))) {
			notes.add("slow query");
		}
		String attempt = span.tag("messaging.kafka.delivery.attempt");
		if (isDeadLetter(span)) {
			String cause = span.tag("messaging.kafka.dlt.exception.type");
			notes.add("dead letter" + ((cause != null) ? " after " + simpleName(cause) : ""));
		}
		else if (attempt != null && !"1".equals(attempt) && span.is("CONSUMER")) {
			notes.add("attempt " + attempt);
		}
		String waited = span.tag("messaging.kafka.time_in_queue.ms");
		if (waited != null && waited.matches("\\d+") && Long.parseLong(waited) >= 1000) {
			notes.add("waited " + duration(Long.parseLong(waited) * 1000) + " in Kafka");
		}
		return notes.stream().map(String::strip).toList();
	}

	/**
	 * Returns whether a span processes a record of a dead-letter topic.
	 * @param span the span
	 * @return whether it is a CONSUMER span of a {@code -dlt} topic
	 */
	static boolean isDeadLetter(ZipkinSpan span) {
		String destination = span.tag("messaging.destination.name");
		if (destination == null) {
			destination = span.spanName().split(" ")[0];
		}
		return span.is("CONSUMER") && destination.endsWith("-dlt");
	}

	private static @Nullable String meaningful(@Nullable String value) {
		return (value == null || value.isBlank() || "none".equals(value) || "true".equals(value)) ? null : value;
	}

	private static String nPlusOne(ZipkinSpan span) {
		String note = "N+1 queries";
		if (span.annotations() != null) {
			for (ZipkinSpan.Annotation annotation : span.annotations()) {
				if (annotation.value().contains("jdbc.n_plus_one")) {
					Matcher executions = EXECUTIONS.matcher(annotation.value());
					Matcher query = QUERY_TEXT.matcher(annotation.value());
					if (executions.find()) {
						note += ": " + executions.group(1) + "x";
					}
					if (query.find()) {
						note += " " + cut(query.group(1), 60);
					}
					break;
				}
			}
		}
		return note;
	}

	/**
	 * Formats a duration for people.
	 * @param micros microseconds
	 * @return for example {@code 0.4 ms}, {@code 12 ms}, {@code 2.05 s}
	 */
	static String duration(long micros) {
		double millis = micros / 1000.0;
		if (millis < 10) {
			return String.format(Locale.ROOT, "%.1f ms", millis);
		}
		if (millis < 1000) {
			return String.format(Locale.ROOT, "%d ms", Math.round(millis));
		}
		return String.format(Locale.ROOT, "%.2f s", millis / 1000);
	}

	private static String firstNonBlank(@Nullable String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return "";
	}

	private static String simpleName(String className) {
		return className.substring(className.lastIndexOf('.') + 1);
	}

	private static String cut(String text, int width) {
		return (text.length() <= width) ? text : text.substring(0, width - 1) + "~";
	}

	private static String pad(String text, int width) {
		return (text.length() >= width) ? text : text + " ".repeat(width - text.length());
	}

	private static String padLeft(String text, int width) {
		return (text.length() >= width) ? text : " ".repeat(width - text.length()) + text;
	}

	private static void line(StringBuilder out, String line) {
		out.append(line).append(System.lineSeparator());
	}

	private record Row(ZipkinSpan span, String label) {
	}

}
