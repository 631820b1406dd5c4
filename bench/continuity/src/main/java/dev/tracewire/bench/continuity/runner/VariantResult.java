package dev.tracewire.bench.continuity.runner;

import java.util.List;
import java.util.Map;

/**
 * What one run of the application under one setup gave: the verdicts, or why there are none.
 *
 * @param variant the setup's name
 * @param setup what the setup is
 * @param started whether the application started and answered
 * @param problem why the run has no results (empty if it has)
 * @param seconds how long the run took, start to stop
 * @param spans how many spans the collector received
 * @param farSidesDone how often each far side ran, as the application counted
 * @param verdicts one verdict per boundary
 */
public record VariantResult(String variant, String setup, boolean started, String problem, long seconds, int spans,
		Map<String, Integer> farSidesDone, List<Verdict> verdicts) {

	/**
	 * Returns how many boundaries were kept.
	 * @return the number kept
	 */
	public long kept() {
		return this.verdicts.stream().filter((verdict) -> verdict.outcome() == Verdict.Outcome.KEPT).count();
	}

	/**
	 * Returns how many boundaries applied to this setup.
	 * @return the number judged
	 */
	public long judged() {
		return this.verdicts.stream().filter((verdict) -> verdict.outcome() != Verdict.Outcome.NOT_APPLICABLE).count();
	}

}
