package dev.tracewire.bench.continuity.runner;

/**
 * The result for one boundary under one setup.
 *
 * @param boundary the boundary's id
 * @param outcome kept, lost or not applicable
 * @param reason a few words for the table (empty when kept as expected)
 * @param detail what the judge saw, for the notes under the table
 */
public record Verdict(String boundary, Outcome outcome, String reason, String detail) {

	static Verdict kept(String boundary, String reason, String detail) {
		return new Verdict(boundary, Outcome.KEPT, reason, detail);
	}

	static Verdict lost(String boundary, String reason, String detail) {
		return new Verdict(boundary, Outcome.LOST, reason, detail);
	}

	static Verdict notApplicable(String boundary, String reason) {
		return new Verdict(boundary, Outcome.NOT_APPLICABLE, reason, reason);
	}

	/**
	 * Returns the table cell.
	 * @return the mark and the reason
	 */
	public String cell() {
		String mark = switch (this.outcome) {
			case KEPT -> "✓";
			case LOST -> "✗";
			case NOT_APPLICABLE -> "n/a";
		};
		return this.reason.isEmpty() ? mark : mark + " " + this.reason;
	}

	/**
	 * Whether the boundary kept one trace with the right parent.
	 */
	public enum Outcome {

		KEPT, LOST, NOT_APPLICABLE

	}

}
