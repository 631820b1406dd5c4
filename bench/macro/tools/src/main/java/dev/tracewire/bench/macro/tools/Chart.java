package dev.tracewire.bench.macro.tools;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The report's comparison as one self-contained SVG picture ({@code chart.svg}, written beside {@code results.md}):
 * per scenario and variant, the saturation throughput as a ratio to {@code none}'s median (with the repetitions'
 * min-max as whiskers and a reference line at 1.0x), and the extra CPU time and bytes allocated per request against
 * {@code none}. The figures come from {@link Report}'s summary and its ratio and delta methods, the same as the
 * tables'. A variant whose windows lost spans is hatched and its ratio shown in brackets: the tables withhold it.
 * The text is written by hand (no dependency) and depends only on the results: the same input gives the same bytes.
 * <p>
 * {@code main} draws the chart of a saved run without measuring anything:
 * {@code java -cp bench/macro/tools/target/tools.jar dev.tracewire.bench.macro.tools.Chart results.json [chart.svg]}.
 */
public final class Chart {

	static final String FILE_NAME = "chart.svg";

	private static final String FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

	private static final int WIDTH = 1060;

	private static final int MARGIN = 16;

	/** Where the panels start: the variants' names and the drops tag are on the left of it. */
	private static final int PANELS_X = 196;

	private static final int PANEL_GAP = 26;

	private static final int PANEL_WIDTH = (WIDTH - PANELS_X - MARGIN - 2 * PANEL_GAP) / 3;

	/** Room on the right of each panel's scale for the value printed after a bar. */
	private static final int TEXT_ROOM = 54;

	private static final int PLOT_WIDTH = PANEL_WIDTH - TEXT_ROOM;

	private static final int ROW = 18;

	private static final int BAR = 11;

	private static final int GROUP_HEADER = 24;

	private static final int AXIS = 18;

	private static final int GROUP_GAP = 10;

	private static final String REFERENCE_COLOR = "#c0392b";

	/** A value printed after its bar: with a white outline, so that a grid or reference line does not cross it. */
	private static final String VALUE = "fill=\"#111111\" stroke=\"#ffffff\" stroke-width=\"3\" "
			+ "stroke-linejoin=\"round\" paint-order=\"stroke\"";

	private static final Map<String, List<String>> PALETTES = Map.of("none", List.of("#8a8a8a"), "tracewire",
			List.of("#1d4f91", "#6a9fdc", "#3a78c4", "#a9c6ec"), "boot", List.of("#e07b1a", "#f2b066", "#a8560b"),
			"agent", List.of("#7a4ea3", "#b08fd1", "#552f7a"), "otel", List.of("#2a8c5a", "#7cc49c"), "other",
			List.of("#8c6d46", "#bda27a", "#5f5f3f", "#c48a8a"));

	private Chart() {
	}

	/**
	 * Reads a saved run's {@code results.json}, summarizes it as the runner does and writes its chart: to the
	 * second argument, or to {@code chart.svg} beside the results.
	 */
	public static void main(String[] args) throws IOException {
		if (args.length < 1 || args.length > 2) {
			System.err.println("usage: Chart <results.json> [<chart.svg>]");
			System.exit(2);
		}
		Path source = Path.of(args[0]);
		Path target = (args.length > 1) ? Path.of(args[1]) : source.toAbsolutePath().resolveSibling(FILE_NAME);
		Map<String, Object> results = Report.cast(Json.read(Files.readString(source, StandardCharsets.UTF_8)));
		Files.writeString(target, svg(results, Report.summarize(results)), StandardCharsets.UTF_8);
		System.out.println("wrote " + target);
	}

	/**
	 * The chart of a run.
	 * @param results what the runner writes to {@code results.json} (run date, options, measured commit)
	 * @param summary {@link Report#summarize}'s summary of its windows
	 */
	static String svg(Map<String, Object> results, Map<String, Object> summary) {
		Map<String, Object> scenarios = Report.cast(summary.get("scenarios"));
		List<Group> groups = new ArrayList<>();
		List<String> order = new ArrayList<>();
		for (Map.Entry<String, Object> scenario : scenarios.entrySet()) {
			Map<String, Object> perVariant = Report.cast(scenario.getValue());
			Map<String, Object> none = Report.cast(perVariant.get(Report.NONE));
			List<Bar> bars = new ArrayList<>();
			perVariant.forEach((variant, value) -> {
				Map<String, Object> cell = Report.cast(value);
				bars.add(new Bar(variant, variant.equals(Report.NONE), Boolean.TRUE.equals(cell.get("drops")),
						finite(Report.ratio(cell, none, "throughput")),
						finite(Report.ratio(cell, none, "throughput", "min")),
						finite(Report.ratio(cell, none, "throughput", "max")),
						finite(Report.delta(cell, "cpu_us_per_request")),
						finite(Report.kilobytes(Report.delta(cell, "allocated_bytes_per_request")))));
				if (!order.contains(variant)) {
					order.add(variant);
				}
			});
			groups.add(new Group(scenario.getKey(), none, bars));
		}
		Map<String, String> colors = colors(order);
		Scale ratioScale = Scale.of(groups.stream()
			.flatMap((group) -> group.bars().stream())
			.flatMap((bar) -> java.util.stream.Stream.of(bar.ratio(), bar.ratioMin(), bar.ratioMax()))
			.filter((value) -> value != null)
			.toList(), 1.0, 5);

		int height = 108;
		for (Group group : groups) {
			height += GROUP_HEADER + group.bars().size() * ROW + AXIS + GROUP_GAP;
		}
		height += 64;

		Svg svg = new Svg();
		svg.raw(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
						+ "font-family=\"%s\" font-size=\"11\">\n",
				WIDTH, height, WIDTH, height, FONT));
		svg.raw("<title>Macro benchmark: throughput ratio, extra CPU and allocation per request against none"
				+ "</title>\n");
		svg.raw("<defs><pattern id=\"drops\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
				+ "patternTransform=\"rotate(45)\"><rect width=\"2\" height=\"5\" fill=\"#ffffff\" "
				+ "fill-opacity=\"0.7\"/></pattern></defs>\n");
		svg.raw(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", WIDTH, height));
		header(svg, results);

		int y = 108;
		for (Group group : groups) {
			y = group(svg, group, y, ratioScale, colors);
		}
		legend(svg, y + 6, groups.stream()
			.flatMap((group) -> group.bars().stream())
			.anyMatch((bar) -> bar.ratioMin() != null && bar.ratioMax() != null && bar.ratioMax() > bar.ratioMin()));
		svg.raw("</svg>\n");
		return svg.toString();
	}

	private static void header(Svg svg, Map<String, Object> results) {
		String title = "Tracewire macro benchmark: what tracing costs against no tracing (none)";
		if (Boolean.TRUE.equals(results.get("smoke"))) {
			title = "SMOKE RUN (--quick), the numbers mean nothing: " + title;
		}
		svg.text(MARGIN, 26, title, "font-size=\"17\" font-weight=\"bold\" fill=\"#111111\"");
		List<String> run = new ArrayList<>();
		run.add("Run " + runDate(results));
		if (results.get("options") instanceof Map<?, ?> options && options.get("reps") instanceof Number reps) {
			run.add(reps.intValue() + ((reps.intValue() == 1) ? " repetition" : " repetitions, medians"));
		}
		if (results.get("measured") instanceof Map<?, ?> measured && measured.get("commit") != null) {
			run.add("jars built from commit " + measured.get("commit"));
		}
		run.add("one WebFlux application on one saturated core (wrk -t1 -c32)");
		svg.text(MARGIN, 46, String.join(" \u00b7 ", run), "font-size=\"12\" fill=\"#333333\"");
		String[][] titles = { { "Throughput, ratio to none", "saturation req/s \u00f7 none's median" },
				{ "Extra CPU per request (us)", "process CPU time, against none's median" },
				{ "Extra allocation per request (KB)", "bytes allocated, against none's median" } };
		for (int panel = 0; panel < 3; panel++) {
			int x = panelX(panel);
			svg.text(x, 80, titles[panel][0], "font-size=\"13\" font-weight=\"bold\" fill=\"#111111\"");
			svg.text(x, 95, titles[panel][1], "font-size=\"10.5\" fill=\"#555555\"");
		}
	}

	private static int group(Svg svg, Group group, int top, Scale ratioScale, Map<String, String> colors) {
		int y = top;
		svg.text(MARGIN, y + 16, group.name() + "  " + path(group.name()), "font-size=\"13\" font-weight=\"bold\" "
				+ "fill=\"#111111\"");
		if (group.none() != null) {
			svg.text(MARGIN + 150, y + 16,
					"none: " + median(group.none(), "throughput", 1, "%,.0f") + " req/s, "
							+ median(group.none(), "cpu_us_per_request", 1, "%.1f") + " us and "
							+ median(group.none(), "allocated_bytes_per_request", 1024, "%.1f") + " KB per request",
					"font-size=\"11\" fill=\"#555555\"");
		}
		else {
			svg.text(MARGIN + 150, y + 16, "no none in this scenario: no ratios or deltas", "fill=\"#555555\"");
		}
		y += GROUP_HEADER;
		int rowsTop = y;
		int rowsBottom = y + group.bars().size() * ROW;
		Scale cpuScale = Scale.of(group.bars().stream().map(Bar::cpu).filter((value) -> value != null).toList(), 0.0,
				4);
		Scale allocationScale = Scale.of(
				group.bars().stream().map(Bar::kilobytes).filter((value) -> value != null).toList(), 0.0, 4);
		Scale[] scales = { ratioScale, cpuScale, allocationScale };

		for (int i = 0; i < group.bars().size(); i++) {
			if (i % 2 == 1) {
				svg.raw(String.format(Locale.ROOT,
						"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f3f4f6\"/>\n", MARGIN,
						rowsTop + i * ROW, WIDTH - 2 * MARGIN, ROW));
			}
		}
		for (int panel = 0; panel < 3; panel++) {
			Scale scale = scales[panel];
			int x0 = panelX(panel);
			for (double tick : scale.ticks()) {
				double x = x0 + scale.x(tick);
				String color = (tick == 0) ? "#888888" : "#dddddd";
				svg.line(x, rowsTop, x, rowsBottom + 3, "stroke=\"" + color + "\" stroke-width=\"1\"");
				boolean reference = panel == 0 && Math.abs(tick - 1.0) < 1e-9;
				svg.text(x, rowsBottom + 14, format(tick) + ((panel == 0 && tick != 0) ? "x" : ""),
						"font-size=\"10\" text-anchor=\"middle\" fill=\""
								+ (reference ? REFERENCE_COLOR + "\" font-weight=\"bold" : "#666666") + "\"");
			}
		}

		// Under the bars and values: the values' outline interrupts it.
		double one = panelX(0) + ratioScale.x(1.0);
		svg.line(one, rowsTop - 2, one, rowsBottom + 3,
				"stroke=\"" + REFERENCE_COLOR + "\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"");

		for (int i = 0; i < group.bars().size(); i++) {
			Bar bar = group.bars().get(i);
			double middle = rowsTop + i * ROW + ROW / 2.0;
			boolean tracewire = family(bar.variant()).equals("tracewire");
			int nameEnd = PANELS_X - ((bar.drops()) ? 46 : 10);
			svg.text(nameEnd, middle + 4, bar.variant(), "text-anchor=\"end\" fill=\"#111111\""
					+ (tracewire ? " font-weight=\"bold\"" : ""));
			if (bar.drops()) {
				svg.text(PANELS_X - 42, middle + 4, "drops", "font-size=\"10\" font-style=\"italic\" fill=\""
						+ REFERENCE_COLOR + "\"");
			}
			String color = colors.get(bar.variant());
			ratioBar(svg, group.name(), bar, ratioScale, middle, color);
			deltaBar(svg, group.name(), 1, bar, bar.cpu(), cpuScale, middle, color, "us CPU");
			deltaBar(svg, group.name(), 2, bar, bar.kilobytes(), allocationScale, middle, color, "KB allocated");
		}
		return rowsBottom + AXIS + GROUP_GAP;
	}

	private static void ratioBar(Svg svg, String group, Bar bar, Scale scale, double middle, String color) {
		int x0 = panelX(0);
		if (bar.ratio() == null) {
			svg.text(x0 + scale.x(0) + 4, middle + 4, "n/a", "fill=\"#666666\"");
			return;
		}
		double end = x0 + scale.x(bar.ratio());
		String range = (bar.ratioMin() != null && bar.ratioMax() != null)
				? fmt(" (min-max %.2f-%.2f)", bar.ratioMin(), bar.ratioMax()) : "";
		rect(svg, x0 + scale.x(0), end, middle, color, bar.drops(),
				group + " " + bar.variant() + ": throughput " + fmt("%.2fx", bar.ratio()) + " none" + range);
		double textX = end;
		if (bar.ratioMin() != null && bar.ratioMax() != null && bar.ratioMax() > bar.ratioMin()) {
			double low = x0 + scale.x(bar.ratioMin());
			double high = x0 + scale.x(bar.ratioMax());
			String stroke = "stroke=\"#222222\" stroke-width=\"1.2\"";
			svg.line(low, middle, high, middle, stroke);
			svg.line(low, middle - 4, low, middle + 4, stroke);
			svg.line(high, middle - 4, high, middle + 4, stroke);
			textX = Math.max(textX, high);
		}
		String value = fmt("%.2fx", bar.ratio());
		svg.text(textX + 4, middle + 4, bar.drops() ? "(" + value + ")" : value, VALUE);
	}

	private static void deltaBar(Svg svg, String group, int panel, Bar bar, @Nullable Double value, Scale scale,
			double middle, String color, String unit) {
		int x0 = panelX(panel);
		double zero = x0 + scale.x(0);
		if (bar.none()) {
			svg.text(zero + 4, middle + 4, "base", "font-style=\"italic\" fill=\"#777777\"");
			return;
		}
		if (value == null) {
			svg.text(zero + 4, middle + 4, "n/a", "fill=\"#666666\"");
			return;
		}
		double end = x0 + scale.x(value);
		String shown = fmt("%+.1f", value);
		rect(svg, zero, end, middle, color, bar.drops(),
				group + " " + bar.variant() + ": " + shown + " " + unit + " per request against none");
		svg.text(Math.max(zero, end) + 4, middle + 4, shown, VALUE);
	}

	// A bar, with its figure as a tooltip (also what the tests find it by).
	private static void rect(Svg svg, double from, double to, double middle, String color, boolean drops,
			String tooltip) {
		String box = String.format(Locale.ROOT, "x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\"",
				Math.min(from, to), middle - BAR / 2.0, Math.abs(to - from), BAR);
		String title = "<title>" + Svg.escape(tooltip + (drops ? ", spans dropped" : "")) + "</title>";
		svg.raw("<rect " + box + " fill=\"" + color + "\">" + title + "</rect>\n");
		if (drops) {
			svg.raw("<rect " + box + " fill=\"url(#drops)\" stroke=\"" + REFERENCE_COLOR
					+ "\" stroke-width=\"0.8\">" + title + "</rect>\n");
		}
	}

	private static void legend(Svg svg, int top, boolean whiskers) {
		int y = top + 10;
		int x = MARGIN;
		svg.raw(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"22\" height=\"%d\" fill=\"#777777\"/>\n",
				x, y - 9, BAR));
		svg.raw(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"22\" height=\"%d\" fill=\"url(#drops)\" "
				+ "stroke=\"%s\" stroke-width=\"0.8\"/>\n", x, y - 9, BAR, REFERENCE_COLOR));
		svg.text(x + 28, y, "drops: lost spans in its windows; the report withholds its ratio (here in brackets)",
				"fill=\"#333333\"");
		x = 520;
		if (whiskers) {
			String stroke = "stroke=\"#222222\" stroke-width=\"1.2\"";
			svg.line(x, y - 4, x + 22, y - 4, stroke);
			svg.line(x, y - 8, x, y, stroke);
			svg.line(x + 22, y - 8, x + 22, y, stroke);
			svg.text(x + 28, y, "min-max over the repetitions", "fill=\"#333333\"");
			x = 720;
		}
		svg.line(x + 11, y - 11, x + 11, y + 3,
				"stroke=\"" + REFERENCE_COLOR + "\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"");
		svg.text(x + 20, y, "1.0x: as fast as none", "fill=\"#333333\"");
		svg.text(MARGIN, y + 20, "Throughput, CPU and allocation from the saturation windows. The CPU and allocation "
				+ "scales differ per scenario. Tables and latency figures: results.md beside this file.",
				"font-size=\"10.5\" fill=\"#555555\"");
	}

	private static String runDate(Map<String, Object> results) {
		String started = date(results.get("started"));
		String finished = date(results.get("finished"));
		if (started.isEmpty()) {
			return finished.isEmpty() ? "of unknown date" : "finished " + finished;
		}
		if (finished.isEmpty()) {
			return "started " + started + " (not finished)";
		}
		return started.equals(finished) ? started : started + " to " + finished;
	}

	private static String date(@Nullable Object timestamp) {
		String text = (timestamp != null) ? timestamp.toString() : "";
		return (text.length() >= 10) ? text.substring(0, 10) : text;
	}

	private static String path(String scenario) {
		return Runner.SCENARIOS.stream()
			.filter((candidate) -> candidate.name().equals(scenario))
			.findFirst()
			.map((candidate) -> "GET " + candidate.path())
			.orElse("");
	}

	private static String median(Map<String, Object> cell, String key, double divisor, String format) {
		if (!(cell.get(key) instanceof Map<?, ?> figures) || !(figures.get("median") instanceof Number median)
				|| Double.isNaN(median.doubleValue())) {
			return "n/a";
		}
		return fmt(format, median.doubleValue() / divisor);
	}

	private static int panelX(int panel) {
		return PANELS_X + panel * (PANEL_WIDTH + PANEL_GAP);
	}

	// One colour per variant: a palette per family (Tracewire blue, Boot orange, agents purple, the OpenTelemetry
	// starter green), taken in the variants' order.
	private static Map<String, String> colors(List<String> variants) {
		Map<String, String> colors = new LinkedHashMap<>();
		Map<String, Integer> used = new LinkedHashMap<>();
		for (String variant : variants) {
			String family = family(variant);
			List<String> palette = PALETTES.get(family);
			int index = used.merge(family, 1, Integer::sum) - 1;
			colors.put(variant, palette.get(index % palette.size()));
		}
		return colors;
	}

	static String family(String variant) {
		if (variant.equals(Report.NONE)) {
			return "none";
		}
		for (String family : List.of("tracewire", "boot", "agent", "otel")) {
			if (variant.startsWith(family)) {
				return family;
			}
		}
		return "other";
	}

	private static @Nullable Double finite(@Nullable Double value) {
		return (value != null && Double.isFinite(value)) ? value : null;
	}

	private static String format(double tick) {
		return new BigDecimal(tick).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
	}

	private static String fmt(String format, Object... values) {
		return String.format(Locale.ROOT, format, values);
	}

	/** One scenario's bars, with {@code none}'s cell (its absolute figures are printed in the header). */
	private record Group(String name, @Nullable Map<String, Object> none, List<Bar> bars) {
	}

	/** One variant in one scenario: the figures drawn, {@code null} when not known. */
	private record Bar(String variant, boolean none, boolean drops, @Nullable Double ratio, @Nullable Double ratioMin,
			@Nullable Double ratioMax, @Nullable Double cpu, @Nullable Double kilobytes) {
	}

	/**
	 * A linear scale from a round lower bound (zero, or below it for a negative value) to a round upper bound that
	 * holds every value and {@code include}, with ticks at a round step.
	 */
	private record Scale(double low, double high, double step) {

		static Scale of(List<Double> values, double include, int ticks) {
			double min = Math.min(0, include);
			double max = Math.max(0, include);
			for (double value : values) {
				min = Math.min(min, value);
				max = Math.max(max, value);
			}
			if (max - min <= 0) {
				max = min + 1;
			}
			double step = step((max - min) / ticks);
			return new Scale(Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step, step);
		}

		private static double step(double raw) {
			double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
			double normalized = raw / magnitude;
			double nice = (normalized <= 1) ? 1 : (normalized <= 2) ? 2 : (normalized <= 2.5) ? 2.5
					: (normalized <= 5) ? 5 : 10;
			return nice * magnitude;
		}

		double x(double value) {
			return (value - this.low) / (this.high - this.low) * PLOT_WIDTH;
		}

		List<Double> ticks() {
			List<Double> ticks = new ArrayList<>();
			long count = Math.round((this.high - this.low) / this.step);
			for (long i = 0; i <= count; i++) {
				double tick = this.low + i * this.step;
				ticks.add((Math.abs(tick) < this.step * 1e-9) ? 0.0 : tick);
			}
			return ticks;
		}

	}

	/** The SVG text being written: coordinates with one decimal, text escaped. */
	private static final class Svg {

		private final StringBuilder out = new StringBuilder();

		void raw(String text) {
			this.out.append(text);
		}

		void text(double x, double y, String text, String attributes) {
			this.out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>\n", x, y, attributes,
					escape(text)));
		}

		void line(double x1, double y1, double x2, double y2, String attributes) {
			this.out.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>\n", x1, y1, x2, y2, attributes));
		}

		private static String escape(String text) {
			return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
		}

		@Override
		public String toString() {
			return this.out.toString();
		}

	}

}
