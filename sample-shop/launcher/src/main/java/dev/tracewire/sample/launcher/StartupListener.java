package dev.tracewire.sample.launcher;

/**
 * Told how the shop's parts come up: Kafka, PostgreSQL, Zipkin and each service.
 */
interface StartupListener {

	/**
	 * A part is starting.
	 * @param component its name, for example {@code kafka} or {@code order-service}
	 */
	void starting(String component);

	/**
	 * A part is ready.
	 * @param component its name
	 * @param detail where it listens
	 */
	void ready(String component, String detail);

	/**
	 * Something the user should know (a port that had to change, a stale process stopped).
	 * @param text one sentence
	 */
	default void note(String text) {
	}

	/**
	 * Called a few times a second while waiting, to redraw a live display.
	 */
	default void tick() {
	}

	/**
	 * Prints one line per event, for logs and tests.
	 * @param out where to print
	 * @return the listener
	 */
	static StartupListener printing(java.io.PrintStream out) {
		return new StartupListener() {

			private final long start = System.nanoTime();

			@Override
			public void starting(String component) {
			}

			@Override
			public void ready(String component, String detail) {
				out.printf("%6.1f s  %-21s ready  %s%n", (System.nanoTime() - this.start) / 1e9, component, detail);
			}

			@Override
			public void note(String text) {
				out.println(text);
			}

		};
	}

}
