package dev.tracewire.sample.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Shows the shop coming up: in a terminal a live block with one line per part (waiting, starting with a timer,
 * ready with its address), elsewhere one line per part once it is ready.
 */
final class StartupDisplay implements StartupListener {

	private static final String[] SPINNER = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };

	private final Terminal terminal;

	private final StartupListener plain;

	private final Map<String, State> states = new LinkedHashMap<>();

	private final long start = System.nanoTime();

	private int drawnLines;

	private int frame;

	StartupDisplay(Terminal terminal, List<String> components) {
		this.terminal = terminal;
		this.plain = StartupListener.printing(terminal.out());
		components.forEach((component) -> this.states.put(component, new State()));
	}

	@Override
	public synchronized void starting(String component) {
		this.states.computeIfAbsent(component, (key) -> new State()).started = System.nanoTime();
		tick();
	}

	@Override
	public synchronized void ready(String component, String detail) {
		this.states.computeIfAbsent(component, (key) -> new State()).ready = detail;
		if (this.terminal.interactive()) {
			tick();
		}
		else {
			this.plain.ready(component, detail);
		}
	}

	@Override
	public synchronized void note(String text) {
		if (this.terminal.interactive()) {
			erase();
			this.terminal.out().println(this.terminal.yellow(text));
			draw();
		}
		else {
			this.terminal.out().println(text);
		}
	}

	@Override
	public synchronized void tick() {
		if (this.terminal.interactive()) {
			erase();
			draw();
		}
	}

	/**
	 * Returns the time since the display was made.
	 * @return seconds
	 */
	double elapsedSeconds() {
		return (System.nanoTime() - this.start) / 1e9;
	}

	private void erase() {
		if (this.drawnLines > 0) {
			this.terminal.out().print("\u001B[" + this.drawnLines + "F\u001B[J");
			this.drawnLines = 0;
		}
	}

	private void draw() {
		this.frame++;
		StringBuilder block = new StringBuilder();
		for (Map.Entry<String, State> entry : this.states.entrySet()) {
			State state = entry.getValue();
			String name = String.format("%-21s", entry.getKey());
			if (state.ready != null) {
				block.append("  ").append(this.terminal.green(this.terminal.symbol("✔", "+"))).append(' ').append(name)
					.append(' ').append(state.ready);
			}
			else if (state.started != 0) {
				block.append("  ").append(this.terminal.yellow(this.terminal.symbol(SPINNER[this.frame % SPINNER.length], "*")))
					.append(' ').append(name)
					.append(this.terminal.dim(String.format(" starting  %.0f s", (System.nanoTime() - state.started) / 1e9)));
			}
			else {
				block.append("  ").append(this.terminal.dim("· " + name + " waiting for Kafka / PostgreSQL"));
			}
			block.append(System.lineSeparator());
		}
		this.terminal.out().print(block);
		this.terminal.out().flush();
		this.drawnLines = this.states.size();
	}

	private static final class State {

		private long started;

		private @Nullable String ready;

	}

}
