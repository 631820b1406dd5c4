package dev.tracewire.sample.launcher;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the output can do: redraw lines (a terminal), colours (ANSI, unless {@code NO_COLOR} is set), Unicode bars
 * and box lines (a UTF-8 locale), and how wide it is.
 *
 * @param out where to print
 * @param interactive whether lines can be redrawn in place
 * @param color whether ANSI colours are used
 * @param unicode whether Unicode block and box characters print correctly
 * @param width the number of columns
 */
record Terminal(PrintStream out, boolean interactive, boolean color, boolean unicode, int width) {

	private static final String RESET = "\u001B[0m";

	/**
	 * Looks at the environment of this process.
	 * @return what {@code System.out} can do
	 */
	static Terminal detect() {
		boolean tty = System.console() != null && !"dumb".equals(System.getenv("TERM"));
		boolean color = tty && System.getenv("NO_COLOR") == null;
		String encoding = System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name());
		boolean unicode = encoding.toUpperCase(Locale.ROOT).replace("-", "").equals("UTF8");
		PrintStream out = unicode ? new PrintStream(System.out, true, StandardCharsets.UTF_8) : System.out;
		return new Terminal(out, tty, color, unicode, columns(tty));
	}

	/**
	 * Output without colours or redrawing, for logs and tests.
	 * @param out where to print
	 * @return a plain terminal 120 columns wide
	 */
	static Terminal plain(PrintStream out) {
		return new Terminal(out, false, false, true, 120);
	}

	String red(String text) {
		return paint("31", text);
	}

	String yellow(String text) {
		return paint("33", text);
	}

	String green(String text) {
		return paint("32", text);
	}

	String bold(String text) {
		return paint("1", text);
	}

	String dim(String text) {
		return paint("2", text);
	}

	/**
	 * Returns the first symbol when Unicode prints, else the second.
	 * @param unicode the Unicode symbol
	 * @param ascii the ASCII fallback
	 * @return the one to use
	 */
	String symbol(String unicode, String ascii) {
		return this.unicode ? unicode : ascii;
	}

	private String paint(String code, String text) {
		return this.color ? "\u001B[" + code + "m" + text + RESET : text;
	}

	private static int columns(boolean tty) {
		String columns = System.getenv("COLUMNS");
		try {
			if (columns != null) {
				return Math.max(80, Integer.parseInt(columns.trim()));
			}
			if (!tty) {
				return 120;
			}
			Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			if (stty.waitFor(2, TimeUnit.SECONDS) && size.matches("\\d+ \\d+")) {
				return Math.max(80, Integer.parseInt(size.split(" ")[1]));
			}
		}
		catch (IOException | NumberFormatException ex) {
			// fall through to the default
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return 120;
	}

}
