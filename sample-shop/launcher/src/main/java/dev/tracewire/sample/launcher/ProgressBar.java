package dev.tracewire.sample.launcher;

import java.util.Map;
import java.util.TreeMap;

/**
 * A progress bar for the scripted checkouts, redrawn in place in a terminal; elsewhere one line per checkout.
 */
final class ProgressBar {

	private static final int WIDTH = 30;

	private final Terminal terminal;

	private final String label;

	private final int total;

	private final Map<Integer, Integer> statuses = new TreeMap<>();

	private int done;

	ProgressBar(Terminal terminal, String label, int total) {
		this.terminal = terminal;
		this.label = label;
		this.total = total;
	}

	/**
	 * Counts one finished checkout.
	 * @param checkout the checkout
	 */
	void step(Checkout checkout) {
		this.done++;
		this.statuses.merge(checkout.status(), 1, Integer::sum);
		if (!this.terminal.interactive()) {
			this.terminal.out().println("  checkout " + checkout.summary());
			return;
		}
		int filled = this.done * WIDTH / this.total;
		StringBuilder counts = new StringBuilder();
		this.statuses.forEach((status, count) -> {
			String text = " " + count + " x " + ((status == 0) ? "no answer" : status);
			counts.append((status == 201) ? this.terminal.green(text) : this.terminal.yellow(text));
		});
		this.terminal.out()
			.print("\r\u001B[2K  " + this.label + " [" + this.terminal.symbol("█", "#").repeat(filled)
					+ this.terminal.dim(this.terminal.symbol("░", ".").repeat(WIDTH - filled)) + "] " + this.done + "/"
					+ this.total + counts);
		this.terminal.out().flush();
	}

	/**
	 * Ends the bar's line.
	 */
	void done() {
		if (this.terminal.interactive()) {
			this.terminal.out().println();
		}
	}

}
