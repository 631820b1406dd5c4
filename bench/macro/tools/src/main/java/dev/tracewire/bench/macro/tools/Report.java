package dev.tracewire.bench.macro.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Medians with min/max per variant and scenario, ratios to {@code none} and absolute deltas, the targets of issue
 * 8, and the Markdown table. A cell whose windows lost spans (fewer received than requests x spans per request)
 * is flagged and given no ratio: a variant that drops spans is not reported as faster.
 */
final class Report {

	static final String NONE = "none";

	private Report() {
	}

	static Map<String, Object> summarize(List<Map<String, Object>> windows, Map<String, List<Double>> startup,
			List<String> variants) {
		Map<String, Object> summary = new LinkedHashMap<>();
		Map<String, Object> scenarios = new LinkedHashMap<>();
		for (Runner.Scenario scenario : Runner.SCENARIOS) {
			Map<String, Object> perVariant = new LinkedHashMap<>();
			for (String variant : variants) {
				List<Map<String, Object>> mine = windows.stream()
					.filter((window) -> variant.equals(window.get("variant"))
							&& scenario.name().equals(window.get("scenario")))
					.toList();
				if (mine.stream().noneMatch((window) -> "saturation".equals(window.get("kind")))) {
					continue;
				}
				perVariant.put(variant, cell(mine));
			}
			Map<String, Object> none = cast(perVariant.get(NONE));
			if (none != null) {
				for (Object value : perVariant.values()) {
					compare(cast(value), none);
				}
			}
			if (!perVariant.isEmpty()) {
				scenarios.put(scenario.name(), perVariant);
			}
		}
		summary.put("scenarios", scenarios);
		Map<String, Object> startupSummary = new LinkedHashMap<>();
		List<Double> noneStartup = startup.get(NONE);
		startup.forEach((variant, values) -> {
			Map<String, Object> figures = figures(values);
			if (noneStartup != null && !noneStartup.isEmpty()) {
				double base = Stats.median(noneStartup);
				figures.put("ratio", Stats.median(values) / base);
				figures.put("delta", Stats.median(values) - base);
			}
			startupSummary.put(variant, figures);
		});
		summary.put("startup_ms", startupSummary);
		summary.put("targets", targets(scenarios, startupSummary));
		return summary;
	}

	private static Map<String, Object> cell(List<Map<String, Object>> windows) {
		Map<String, Object> cell = new LinkedHashMap<>();
		cell.put("throughput", figures(values(windows, "saturation", "requests_per_second")));
		cell.put("cpu_us_per_request", figures(values(windows, "saturation", "cpu_us_per_request")));
		cell.put("allocated_bytes_per_request", figures(values(windows, "saturation", "allocated_bytes_per_request")));
		for (String kind : List.of("fixed-50", "fixed-80")) {
			if (windows.stream().anyMatch((window) -> kind.equals(window.get("kind")))) {
				cell.put("p50_us_" + kind, figures(values(windows, kind, "p50_us")));
				cell.put("p99_us_" + kind, figures(values(windows, kind, "p99_us")));
				cell.put("p999_us_" + kind, figures(values(windows, kind, "p999_us")));
				cell.put("target_rate_" + kind, figures(values(windows, kind, "target_rate")));
			}
		}
		List<Map<String, Object>> measured = windows.stream()
			.filter((window) -> window.get("kind").equals("saturation")
					|| String.valueOf(window.get("kind")).startsWith("fixed-"))
			.toList();
		cell.put("spans_per_request", figures(values(measured, null, "spans_per_request")));
		cell.put("traces_per_request", figures(values(measured, null, "traces_per_request")));
		long drops = measured.stream().filter((window) -> "DROPS".equals(window.get("span_check"))).count();
		long extra = measured.stream().filter((window) -> "EXTRA".equals(window.get("span_check"))).count();
		long overloaded = measured.stream().filter((window) -> Boolean.TRUE.equals(window.get("overloaded"))).count();
		long errors = measured.stream().mapToLong((window) -> number(window.get("errors")).longValue()).sum();
		long unsteady = windows.stream()
			.filter((window) -> "warmup".equals(window.get("kind")) && Boolean.FALSE.equals(window.get("steady")))
			.count();
		List<String> flags = new ArrayList<>();
		if (drops > 0) {
			flags.add("DROPS in " + drops + "/" + measured.size() + " windows");
		}
		if (extra > 0) {
			flags.add("more spans than calibrated in " + extra + "/" + measured.size() + " windows");
		}
		if (overloaded > 0) {
			flags.add("fixed rate not kept in " + overloaded + " windows");
		}
		if (errors > 0) {
			flags.add(errors + " request errors");
		}
		if (unsteady > 0) {
			flags.add("warm-up not steady in " + unsteady + " runs");
		}
		cell.put("flags", flags);
		cell.put("drops", drops > 0);
		return cell;
	}

	private static void compare(Map<String, Object> cell, Map<String, Object> none) {
		Map<String, Object> ratios = new LinkedHashMap<>();
		Map<String, Object> deltas = new LinkedHashMap<>();
		for (String key : List.of("throughput", "cpu_us_per_request", "allocated_bytes_per_request", "p99_us_fixed-50",
				"p99_us_fixed-80", "p999_us_fixed-50", "p999_us_fixed-80")) {
			Map<String, Object> mine = cast(cell.get(key));
			Map<String, Object> base = cast(none.get(key));
			if (mine == null || base == null) {
				continue;
			}
			double value = number(mine.get("median")).doubleValue();
			double reference = number(base.get("median")).doubleValue();
			if (Double.isNaN(value) || Double.isNaN(reference)) {
				continue;
			}
			// A variant that lost spans is not reported as faster: no ratio.
			ratios.put(key, Boolean.TRUE.equals(cell.get("drops")) ? null : value / reference);
			deltas.put(key, value - reference);
		}
		cell.put("ratio_to_none", ratios);
		cell.put("delta_to_none", deltas);
	}

	private static List<Map<String, Object>> targets(Map<String, Object> scenarios, Map<String, Object> startup) {
		List<Map<String, Object>> targets = new ArrayList<>();
		Map<String, Object> s1 = variant(scenarios, "S1", "tracewire");
		Map<String, Object> s1None = variant(scenarios, "S1", NONE);
		Map<String, Object> s3 = variant(scenarios, "S3", "tracewire");
		Map<String, Object> s3None = variant(scenarios, "S3", NONE);
		target(targets, "S1 tracewire throughput >= 0.90x none", s1, (cell) -> ratio(cell, s1None, "throughput"),
				(value) -> value >= 0.90, "%.2fx");
		target(targets, "S1 tracewire CPU <= +5 us per request", s1, (cell) -> delta(cell, "cpu_us_per_request"),
				(value) -> value <= 5, "%+.1f us");
		target(targets, "S1 tracewire allocation <= +4 KB per request", s1,
				(cell) -> kilobytes(delta(cell, "allocated_bytes_per_request")), (value) -> value <= 4, "%+.1f KB");
		target(targets, "S3 tracewire p99 <= 1.05x none at 50% load", s3,
				(cell) -> ratio(cell, s3None, "p99_us_fixed-50"), (value) -> value <= 1.05, "%.2fx");
		target(targets, "S3 tracewire p99 <= 1.05x none at 80% load", s3,
				(cell) -> ratio(cell, s3None, "p99_us_fixed-80"), (value) -> value <= 1.05, "%.2fx");
		target(targets, "S3 tracewire throughput >= 0.97x none", s3, (cell) -> ratio(cell, s3None, "throughput"),
				(value) -> value >= 0.97, "%.2fx");
		target(targets, "startup tracewire <= 1.15x none", cast(startup.get("tracewire")),
				(cell) -> number(cell.get("ratio")).doubleValue(), (value) -> value <= 1.15, "%.2fx");
		return targets;
	}

	private static Map<String, Object> variant(Map<String, Object> scenarios, String scenario, String variant) {
		Map<String, Object> perVariant = cast(scenarios.get(scenario));
		return (perVariant != null) ? cast(perVariant.get(variant)) : null;
	}

	// The measured value is kept even when spans were dropped (the cell then has no ratio): the target is missed
	// either way, but the report says by how much.
	private static void target(List<Map<String, Object>> targets, String name, Map<String, Object> cell,
			Function<Map<String, Object>, Double> value, java.util.function.DoublePredicate pass, String format) {
		Map<String, Object> target = new LinkedHashMap<>();
		target.put("target", name);
		Double measured = (cell != null) ? value.apply(cell) : null;
		boolean known = measured != null && !measured.isNaN();
		target.put("value", measured);
		target.put("shown", known ? fmt(format, measured) : null);
		target.put("met", known ? pass.test(measured) : null);
		if (cell != null && Boolean.TRUE.equals(cell.get("drops"))) {
			target.put("met", false);
			target.put("why", "spans dropped");
		}
		targets.add(target);
	}

	// The ratio of the medians, also for a variant that dropped spans (whose cell withholds it).
	static @Nullable Double ratio(Map<String, Object> cell, @Nullable Map<String, Object> none, String key) {
		return ratio(cell, none, key, "median");
	}

	/**
	 * One of a cell's figures ({@code median}, {@code min} or {@code max} over the repetitions) divided by
	 * {@code none}'s median, also for a variant that dropped spans; {@code null} when either is missing.
	 */
	static @Nullable Double ratio(Map<String, Object> cell, @Nullable Map<String, Object> none, String key,
			String figure) {
		if (none == null || cast(cell.get(key)) == null || cast(none.get(key)) == null) {
			return null;
		}
		return number(cast(cell.get(key)).get(figure)).doubleValue()
				/ number(cast(none.get(key)).get("median")).doubleValue();
	}

	static @Nullable Double kilobytes(@Nullable Double bytes) {
		return (bytes != null) ? bytes / 1024 : null;
	}

	static @Nullable Double delta(Map<String, Object> cell, String key) {
		Map<String, Object> deltas = cast(cell.get("delta_to_none"));
		return (deltas != null && deltas.get(key) != null) ? number(deltas.get(key)).doubleValue() : null;
	}

	/**
	 * The summary of a saved run ({@code results.json}) computed anew from its windows and startup times, as the
	 * runner computes it when it writes the results.
	 */
	static Map<String, Object> summarize(Map<String, Object> saved) {
		List<Map<String, Object>> windows = new ArrayList<>();
		if (saved.get("windows") instanceof List<?> list) {
			list.forEach((window) -> windows.add(cast(window)));
		}
		Map<String, List<Double>> startup = new LinkedHashMap<>();
		if (saved.get("startup_ms") instanceof Map<?, ?> times) {
			times.forEach((variant, values) -> {
				List<Double> milliseconds = new ArrayList<>();
				if (values instanceof List<?> list) {
					list.forEach((value) -> milliseconds.add(number(value).doubleValue()));
				}
				startup.put(String.valueOf(variant), milliseconds);
			});
		}
		List<String> variants = new ArrayList<>();
		if (saved.get("variants") instanceof List<?> list) {
			list.forEach((variant) -> variants.add(String.valueOf(cast(variant).get("name"))));
		}
		return summarize(windows, startup, variants);
	}

	static String markdown(Map<String, Object> results, Map<String, Object> summary) {
		StringBuilder md = new StringBuilder();
		boolean smoke = Boolean.TRUE.equals(results.get("smoke"));
		md.append("# Macro benchmark results\n\n");
		if (smoke) {
			md.append("**SMOKE RUN (`--quick`): a few seconds per step on a shared machine. These numbers only show "
					+ "that the pipeline works; they are not results.**\n\n");
		}
		md.append("Options: `").append(results.get("options")).append("`  \n");
		md.append("Machine: `").append(results.get("machine")).append("`  \n");
		md.append("OpenTelemetry Spring Boot starter: ").append(results.get("otel_starter")).append("  \n");
		md.append("Measured (commit, jars' SHA-256): `").append(results.get("measured")).append("`  \n");
		md.append("Started ").append(results.get("started"));
		if (results.get("resumed") instanceof List<?> resumed && !resumed.isEmpty()) {
			md.append(", resumed (`--resume`) ").append(String.join(", ", resumed.stream().map(String::valueOf).toList()));
		}
		md.append("\n\n");
		md.append("Medians over repetitions, (min-max) in brackets; ratios and deltas against `none`'s median. "
				+ "CPU and allocation per request from the saturation windows; p99 from the open-loop driver at "
				+ "50% and 80% of `none`'s saturation throughput, measured from each request's intended start. A "
				+ "variant that lost spans gets no ratio.\n\n");
		Map<String, Object> scenarios = cast(summary.get("scenarios"));
		for (Map.Entry<String, Object> scenario : scenarios.entrySet()) {
			md.append("## ").append(scenario.getKey()).append(' ')
				.append(Runner.SCENARIOS.stream()
					.filter((candidate) -> candidate.name().equals(scenario.getKey()))
					.findFirst()
					.map(Runner.Scenario::path)
					.orElse(""))
				.append("\n\n");
			md.append("| variant | throughput req/s | ratio | CPU us/req | delta | alloc KB/req | delta KB | "
					+ "p99 ms @50% | ratio | p99 ms @80% | ratio | p99.9 ms @80% | spans/req | traces/req | checks |\n");
			md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
			for (Map.Entry<String, Object> entry : cast(scenario.getValue()).entrySet()) {
				Map<String, Object> cell = cast(entry.getValue());
				Map<String, Object> ratios = cast(cell.get("ratio_to_none"));
				Map<String, Object> deltas = cast(cell.get("delta_to_none"));
				md.append("| ").append(entry.getKey());
				md.append(" | ").append(range(cell, "throughput", 1, "%,.0f"));
				md.append(" | ").append(ratioText(ratios, "throughput"));
				md.append(" | ").append(range(cell, "cpu_us_per_request", 1, "%.1f"));
				md.append(" | ").append(deltaText(deltas, "cpu_us_per_request", 1, "%+.1f"));
				md.append(" | ").append(range(cell, "allocated_bytes_per_request", 1024, "%.1f"));
				md.append(" | ").append(deltaText(deltas, "allocated_bytes_per_request", 1024, "%+.1f"));
				md.append(" | ").append(range(cell, "p99_us_fixed-50", 1000, "%.2f"));
				md.append(" | ").append(ratioText(ratios, "p99_us_fixed-50"));
				md.append(" | ").append(range(cell, "p99_us_fixed-80", 1000, "%.2f"));
				md.append(" | ").append(ratioText(ratios, "p99_us_fixed-80"));
				md.append(" | ").append(range(cell, "p999_us_fixed-80", 1000, "%.2f"));
				md.append(" | ").append(medianText(cell, "spans_per_request", "%.2f"));
				md.append(" | ").append(medianText(cell, "traces_per_request", "%.2f"));
				List<?> flags = (List<?>) cell.get("flags");
				md.append(" | ").append(flags.isEmpty() ? "ok" : String.join("; ", flags.stream().map(String::valueOf).toList()));
				md.append(" |\n");
			}
			md.append('\n');
		}
		Map<String, Object> startup = cast(summary.get("startup_ms"));
		if (!startup.isEmpty()) {
			md.append("## Startup to the first 200 (`GET /hello`, cold JVM)\n\n");
			md.append("| variant | ms | ratio | delta ms |\n|---|---|---|---|\n");
			startup.forEach((variant, value) -> {
				Map<String, Object> figures = cast(value);
				md.append("| ").append(variant).append(" | ").append(rangeOf(figures, 1, "%,.0f"));
				md.append(" | ").append(figures.containsKey("ratio") ? fmt("%.2f", number(figures.get("ratio"))) : "");
				md.append(" | ").append(figures.containsKey("delta") ? fmt("%+,.0f", number(figures.get("delta"))) : "");
				md.append(" |\n");
			});
			md.append('\n');
		}
		md.append("## Targets (issue 8), Tracewire against `none`\n\n| target | measured | met |\n|---|---|---|\n");
		for (Object item : (List<?>) summary.get("targets")) {
			Map<String, Object> target = cast(item);
			Object shown = target.get("shown");
			md.append("| ").append(target.get("target")).append(" | ")
				.append((shown == null) ? "n/a" : shown)
				.append(" | ")
				.append((target.get("met") == null) ? "n/a" : ((Boolean) target.get("met") ? "yes" : "**no**"))
				.append((target.get("why") != null) ? " (" + target.get("why") + ")" : "")
				.append(smoke ? " (smoke)" : "")
				.append(" |\n");
		}
		return md.toString();
	}

	private static String range(Map<String, Object> cell, String key, double divisor, String format) {
		Map<String, Object> figures = cast(cell.get(key));
		return (figures == null) ? "" : rangeOf(figures, divisor, format);
	}

	private static String rangeOf(Map<String, Object> figures, double divisor, String format) {
		if (number(figures.get("n")).intValue() == 0) {
			return "n/a";
		}
		String median = fmt(format, number(figures.get("median")).doubleValue() / divisor);
		if (number(figures.get("n")).intValue() == 1) {
			return median;
		}
		return median + " (" + fmt(format, number(figures.get("min")).doubleValue() / divisor) + "-"
				+ fmt(format, number(figures.get("max")).doubleValue() / divisor) + ")";
	}

	private static String medianText(Map<String, Object> cell, String key, String format) {
		Map<String, Object> figures = cast(cell.get(key));
		return (figures == null || number(figures.get("n")).intValue() == 0) ? ""
				: fmt(format, number(figures.get("median")));
	}

	private static String ratioText(Map<String, Object> ratios, String key) {
		if (ratios == null || !ratios.containsKey(key)) {
			return "";
		}
		Object value = ratios.get(key);
		return (value == null) ? "n/a (drops)" : fmt("%.2f", number(value));
	}

	private static String deltaText(Map<String, Object> deltas, String key, double divisor, String format) {
		if (deltas == null || deltas.get(key) == null) {
			return "";
		}
		return fmt(format, number(deltas.get(key)).doubleValue() / divisor);
	}

	private static Map<String, Object> figures(List<Double> values) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("n", values.size());
		figures.put("median", Stats.median(values));
		figures.put("min", Stats.min(values));
		figures.put("max", Stats.max(values));
		figures.put("values", values);
		return figures;
	}

	private static List<Double> values(List<Map<String, Object>> windows, String kind, String key) {
		List<Double> values = new ArrayList<>();
		for (Map<String, Object> window : windows) {
			if ((kind == null || kind.equals(window.get("kind"))) && window.get(key) instanceof Number number) {
				values.add(number.doubleValue());
			}
		}
		return values;
	}

	private static Number number(Object value) {
		return (value instanceof Number number) ? number : Double.NaN;
	}

	private static String fmt(String format, Object value) {
		return String.format(Locale.ROOT, format, value);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> cast(Object value) {
		return (Map<String, Object>) value;
	}

}
