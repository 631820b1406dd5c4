package dev.tracewire.bench.continuity.runner;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tracewire.bench.continuity.app.Boundary;
import dev.tracewire.bench.continuity.app.Boundary.Group;

/**
 * Renders the results of all setups as one Markdown table (boundary by setup), the setups, and the reasons in
 * detail.
 */
public final class MarkdownReport {

	private MarkdownReport() {
	}

	static String render(List<VariantResult> results) {
		StringBuilder out = new StringBuilder();
		out.append("# Context continuity: one application, ").append(Boundary.values().length)
			.append(" boundaries, ").append(results.size()).append(" setups\n\n");
		out.append("Each boundary starts from a request's server span (a root: the runner sends no trace headers), ")
			.append("crosses the boundary and, on the far side, starts a span through the OpenTelemetry API ")
			.append("(or makes a downstream HTTP call whose server span is the far side). ")
			.append("✓ = every far-side span is in the request's trace and its parent is the expected span; ")
			.append("✗ = it is not (reason); n/a = the setup has nothing to test there.\n\n");
		out.append(table(results));
		out.append("\n## Setups\n\n");
		for (VariantResult result : results) {
			out.append("- `").append(result.variant()).append("`: ").append(result.setup());
			if (!result.started()) {
				out.append(" **Not run: ").append(result.problem()).append("**");
			}
			else {
				out.append(" (").append(result.spans()).append(" spans, ").append(result.seconds()).append(" s)");
			}
			out.append('\n');
		}
		out.append("\n## Reasons in detail\n");
		for (VariantResult result : results) {
			List<Verdict> notKept = result.verdicts()
				.stream()
				.filter((verdict) -> verdict.outcome() != Verdict.Outcome.KEPT || !verdict.reason().isEmpty())
				.toList();
			if (notKept.isEmpty()) {
				continue;
			}
			out.append("\n### `").append(result.variant()).append("`\n\n");
			for (Verdict verdict : notKept) {
				out.append("- ").append(Boundary.valueOf(verdict.boundary().toUpperCase(java.util.Locale.ROOT)).title())
					.append(": ").append(verdict.cell());
				if (!verdict.detail().equals(verdict.reason())) {
					out.append(". ").append(verdict.detail());
				}
				out.append('\n');
			}
		}
		return out.toString();
	}

	/**
	 * Renders the table alone, as the README quotes it.
	 * @param results the results, one per column
	 * @return the table
	 */
	static String table(List<VariantResult> results) {
		StringBuilder out = new StringBuilder("| boundary |");
		results.forEach((result) -> out.append(" `").append(result.variant()).append("` |"));
		out.append("\n|---|");
		results.forEach((result) -> out.append("---|"));
		out.append('\n');
		List<Map<String, Verdict>> verdicts = results.stream()
			.map((result) -> result.verdicts()
				.stream()
				.collect(Collectors.toMap(Verdict::boundary, Function.identity())))
			.toList();
		Group group = null;
		for (Boundary boundary : Boundary.values()) {
			if (boundary.group() != group) {
				group = boundary.group();
				out.append("| **").append(group.title()).append("** |");
				results.forEach((result) -> out.append(" |"));
				out.append('\n');
			}
			out.append("| ").append(boundary.title()).append(" |");
			for (int i = 0; i < results.size(); i++) {
				Verdict verdict = verdicts.get(i).get(boundary.id());
				out.append(' ').append((verdict != null) ? verdict.cell() : "n/a not run").append(" |");
			}
			out.append('\n');
		}
		out.append("| **kept** |");
		for (VariantResult result : results) {
			out.append(" **").append(result.started() ? result.kept() + " / " + result.judged() : "n/a").append("** |");
		}
		out.append('\n');
		return out.toString();
	}

}
