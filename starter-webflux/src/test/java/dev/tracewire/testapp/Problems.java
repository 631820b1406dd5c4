package dev.tracewire.testapp;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects failed checks instead of stopping at the first, so that a test can report everything that went wrong
 * (or, for a baseline measurement, record it).
 */
public final class Problems {

	private final List<String> found = new ArrayList<>();

	/**
	 * Runs an assertion and records its failure.
	 * @param assertion the assertion
	 */
	public void check(Runnable assertion) {
		try {
			assertion.run();
		}
		catch (AssertionError ex) {
			String message = String.valueOf(ex.getMessage()).strip();
			int newline = message.indexOf('\n');
			this.found.add((newline > 0) ? message.substring(0, newline) : message);
		}
	}

	/**
	 * Records a problem unless the condition holds.
	 * @param condition the condition
	 * @param problem the problem if it does not hold
	 */
	public void check(boolean condition, String problem) {
		if (!condition) {
			this.found.add(problem);
		}
	}

	public List<String> found() {
		return List.copyOf(this.found);
	}

}
