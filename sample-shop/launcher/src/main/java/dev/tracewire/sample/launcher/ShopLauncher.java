package dev.tracewire.sample.launcher;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Starts the sample shop (the command behind {@code ./demo}): Kafka, PostgreSQL, Zipkin and the seven services,
 * a scripted load of checkouts, one checkout's trace as a waterfall, then runs until Ctrl-C ({@code --once}:
 * exits).
 */
public final class ShopLauncher {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

	private final LauncherOptions options;

	private final Terminal terminal;

	ShopLauncher(LauncherOptions options, Terminal terminal) {
		this.options = options;
		this.terminal = terminal;
	}

	public static void main(String[] args) {
		LauncherOptions options;
		try {
			options = LauncherOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println("Try --help.");
			System.exit(2);
			return;
		}
		if (options.help()) {
			System.out.print(LauncherOptions.usage());
			return;
		}
		Path home;
		try {
			home = Shop.locateHome();
		}
		catch (IllegalStateException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		Path logs = home.resolve("launcher/target/shop-logs");
		Terminal terminal = Terminal.detect();
		try {
			// Kafka's and PostgreSQL's own output goes to files, not to the terminal: logback.xml reads shop.logs,
			// and what they print directly goes to launcher.out.
			Files.createDirectories(logs);
			System.setProperty("shop.logs", logs.toString());
			PrintStream out = new PrintStream(new FileOutputStream(logs.resolve("launcher.out").toFile()), true,
					StandardCharsets.UTF_8);
			System.setOut(out);
			System.setErr(out);
		}
		catch (IOException ex) {
			terminal.out().println("Cannot write to " + logs + ": " + ex.getMessage());
		}
		System.exit(new ShopLauncher(options, terminal).run(home, logs));
	}

	private int run(Path home, Path logs) {
		Terminal t = this.terminal;
		t.out().println(t.bold("Tracewire sample shop") + ": " + (this.options.external()
				? "the seven services with the 'external' profile (your Kafka, PostgreSQL and OTLP collector)"
				: "Kafka, PostgreSQL, Zipkin and seven services") + ". Logs: " + logs);
		for (Fault fault : this.options.faults()) {
			t.out().println(t.yellow("Fault on from the start: " + fault.id() + " (" + fault.effect() + ")"));
		}
		Double sampling = this.options.sampling();
		if (sampling != null) {
			t.out().println(t.yellow("Sampling: each service samples " + LauncherOptions.format(sampling)
					+ " of the traces that start there (tracewire.sampling.probability); the others are recorded, "
					+ "exported when a span fails or is slow, and discarded otherwise."));
		}
		List<String> notes = new ArrayList<>();
		ShopPorts ports = ShopPorts.demo(!this.options.external(), notes::add);
		notes.forEach((note) -> t.out().println(t.yellow(note)));
		List<String> components = new ArrayList<>();
		if (!this.options.external()) {
			components.addAll(List.of("kafka", "postgresql", "zipkin"));
		}
		for (ShopService service : ShopService.values()) {
			components.add(service.directory());
		}
		StartupDisplay display = new StartupDisplay(t, components);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> t.out().println("Stopping the shop..."), "shop-bye"));
		Shop shop;
		try {
			shop = Shop.start(new Shop.Config(home, logs, ports, this.options.faults(), this.options.sampling(),
					this.options.external(), START_TIMEOUT, home.resolve("launcher/target/shop-cds")), display);
		}
		catch (ShopStartException ex) {
			if (ex.isStopped()) {
				return 130;
			}
			t.out().println();
			t.out().println(t.red("The shop did not start: " + ex.getMessage()));
			if (!ex.logTail().isEmpty()) {
				t.out().println(t.dim("---- end of " + ex.component() + "'s log ----"));
				ex.logTail().forEach(t.out()::println);
				t.out().println(t.dim("----"));
			}
			return 1;
		}
		t.out().printf("The shop is up after %.1f s.%n%n", display.elapsedSeconds());

		int code = showcase(shop);
		List<String> withoutClassData = shop.processesWithoutClassData();
		if (this.options.once()) {
			if (!withoutClassData.isEmpty()) {
				t.out().println();
				t.out().println("Recording class-data archives of " + jvms(withoutClassData.size())
						+ ", so that the next start is faster (once per build; Ctrl-C skips it)...");
				prepareClassData(shop, withoutClassData);
			}
			shop.close();
			return code;
		}
		t.out().println(t.bold("The shop keeps running. Press Ctrl-C to stop it."));
		if (!withoutClassData.isEmpty()) {
			Thread background = new Thread(() -> prepareClassData(shop, withoutClassData), "shop-class-data");
			background.setDaemon(true);
			background.start();
		}
		watch(shop);
		return 0;
	}

	private static String jvms(int count) {
		return count + ((count == 1) ? " JVM" : " JVMs");
	}

	private void prepareClassData(Shop shop, List<String> names) {
		try {
			int made = shop.prepareClassData(names);
			this.terminal.out().println(this.terminal.dim("Class-data archives recorded for " + made + " of "
					+ jvms(names.size()) + ": the next start is faster."));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Runs the scripted checkouts against a running shop and shows the result: a summary, the waterfall of the
	 * featured checkout(s), where to look next.
	 * @param shop the running shop
	 * @return 0 when a complete trace was shown (or with --external), 1 otherwise
	 */
	int showcase(Shop shop) {
		Terminal t = this.terminal;
		List<CheckoutRequest> requests = CheckoutScript.requests(this.options.checkouts(), this.options.faults());
		ProgressBar bar = new ProgressBar(t, "Checkouts", requests.size());
		long checkoutsStarted = System.currentTimeMillis();
		List<Checkout> checkouts = CheckoutScript.run(shop.client(), requests, bar::step);
		bar.done();
		t.out().println(summary(checkouts));

		boolean shown = false;
		if (!this.options.external()) {
			shown = showTraces(shop, checkouts, checkoutsStarted);
		}
		else {
			t.out().println("Trace ids of these checkouts (look them up in your tracing backend):");
			checkouts.stream().limit(5).forEach((checkout) -> t.out().println("  " + checkout.summary()));
		}
		t.out().println();
		t.out().println(howTo(shop));
		return (shown || this.options.external()) ? 0 : 1;
	}

	private boolean showTraces(Shop shop, List<Checkout> checkouts, long checkoutsStarted) {
		Terminal t = this.terminal;
		if (sampledLess()) {
			return showKeptTraces(shop, checkouts, checkoutsStarted);
		}
		List<Checkout> featured = CheckoutScript.featured(checkouts, this.options.faults());
		if (featured.isEmpty()) {
			t.out().println(t.red("No checkout carried a traceresponse header, so there is no trace to show."));
			return false;
		}
		return showWaterfalls(shop, featured, checkoutsStarted);
	}

	/**
	 * With {@code --sampling} below 1: only the checkouts whose {@code traceresponse} says "sampled" (by
	 * probability, or kept because a span failed or was slow) have a trace in Zipkin, so only those are shown;
	 * then what each service did with its local traces.
	 */
	private boolean showKeptTraces(Shop shop, List<Checkout> checkouts, long checkoutsStarted) {
		Terminal t = this.terminal;
		List<Checkout> sampled = checkouts.stream().filter(Checkout::sampled).toList();
		t.out().println(sampled.size() + " of " + checkouts.size() + " checkouts' traces sampled or kept by the gateway "
				+ "(the sampled flag of its traceresponse header)"
				+ ((sampled.size() < checkouts.size()) ? "; it discarded the others'." : "."));
		boolean complete = sampled.isEmpty()
				|| showWaterfalls(shop, CheckoutScript.featured(sampled, this.options.faults()), checkoutsStarted);
		if (sampled.isEmpty()) {
			t.out().println("No trace to show: switch a fault on (--fault payment.down) to see failing checkouts kept.");
		}
		t.out().println();
		t.out().println("Local traces per service (the 'traces' of /actuator/tracewire):");
		for (ShopService service : ShopService.values()) {
			String outcomes;
			try {
				outcomes = shop.client()
					.traceOutcomes(service)
					.entrySet()
					.stream()
					.filter((entry) -> entry.getValue() > 0)
					.map((entry) -> entry.getValue() + " " + entry.getKey())
					.collect(Collectors.joining(", "));
			}
			catch (IllegalStateException ex) {
				outcomes = t.red(ex.getMessage());
			}
			t.out().printf("  %-20s %s%n", service.directory(), outcomes.isEmpty() ? "none" : outcomes);
		}
		return complete;
	}

	private boolean sampledLess() {
		Double sampling = this.options.sampling();
		return sampling != null && sampling < 1;
	}

	private boolean showWaterfalls(Shop shop, List<Checkout> featured, long checkoutsStarted) {
		Terminal t = this.terminal;
		Duration timeout = this.options.faults().contains(Fault.ANALYTICS_CONSUMER_LAG) ? Duration.ofSeconds(90)
				: Duration.ofSeconds(30);
		boolean complete = true;
		for (Checkout checkout : featured) {
			t.out().println();
			t.out().println("Waiting for checkout #" + checkout.number() + "'s trace in Zipkin...");
			TraceAwaiter.Result result = TraceAwaiter.await(shop.zipkin(), checkout, this.options.faults(), timeout);
			t.out().print(Waterfall.render(result.trace(), t));
			if (!result.complete()) {
				complete = false;
				t.out().println(t.yellow("Still missing after " + timeout.toSeconds() + " s: "
						+ String.join(", ", result.missing()) + ". See the services' logs."));
			}
			t.out().println("Checkout #" + checkout.number() + " (" + checkout.status()
					+ (checkout.bounces() ? ", its e-mail address bounces" : "") + ") in Zipkin: "
					+ t.bold(shop.zipkin().uiUrl(String.valueOf(checkout.traceId())).toString()));
		}
		if (this.options.faults().contains(Fault.ANALYTICS_SILENT_FAILURE)) {
			showFailedBatch(shop, checkoutsStarted);
		}
		long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
		t.out().printf("First waterfall %.1f s after the launcher started.%n",
				(System.currentTimeMillis() - jvmStart) / 1000.0);
		for (Fault fault : this.options.faults()) {
			t.out().println(t.yellow("Fault " + fault.id() + ": look for " + fault.lookFor() + "."));
		}
		return complete;
	}

	/**
	 * Shows the analytics batch whose fire-and-forget work failed: a batch runs in a trace of its own, linked to
	 * the traces of its records (Zipkin does not draw links), so it is found by searching for analytics' errors.
	 */
	private void showFailedBatch(Shop shop, long since) {
		Terminal t = this.terminal;
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		List<Trace> failed = List.of();
		while (failed.isEmpty() && System.nanoTime() < deadline) {
			failed = shop.zipkin()
				.traces(ShopService.ANALYTICS.directory(), "error",
						Duration.ofMillis(System.currentTimeMillis() - since + 1000), 1);
			if (failed.isEmpty()) {
				try {
					Thread.sleep(500);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
		t.out().println();
		if (failed.isEmpty()) {
			t.out().println(t.yellow("No failed analytics batch reached Zipkin within 30 s."));
			return;
		}
		t.out().println("analytics-service processes records in batches; a batch is a trace of its own, linked to its "
				+ "records' traces. One whose dashboard refresh failed:");
		t.out().print(Waterfall.render(failed.get(0), t));
		t.out().println("In Zipkin: " + t.bold(shop.zipkin().uiUrl(failed.get(0).traceId()).toString()));
	}

	private String summary(List<Checkout> checkouts) {
		String statuses = checkouts.stream()
			.collect(Collectors.groupingBy((checkout) -> (checkout.status() == 0) ? "no answer"
					: String.valueOf(checkout.status()), java.util.TreeMap::new, Collectors.counting()))
			.entrySet()
			.stream()
			.map((entry) -> entry.getValue() + " x " + entry.getKey())
			.collect(Collectors.joining(", "));
		long[] millis = checkouts.stream().mapToLong((checkout) -> checkout.took().toMillis()).sorted().toArray();
		String text = checkouts.size() + " checkouts: " + statuses + "; median " + millis[millis.length / 2]
				+ " ms, slowest " + millis[millis.length - 1] + " ms.";
		List<Checkout> unexpected = checkouts.stream().filter((checkout) -> !checkout.confirmed()).limit(3).toList();
		if (!unexpected.isEmpty() && this.options.faults().isEmpty()) {
			text += System.lineSeparator() + unexpected.stream()
				.map((checkout) -> "  " + checkout.summary())
				.collect(Collectors.joining(System.lineSeparator()));
		}
		return text;
	}

	private String howTo(Shop shop) {
		Terminal t = this.terminal;
		int gateway = shop.config().ports().of(ShopService.GATEWAY);
		int payment = shop.config().ports().of(ShopService.PAYMENT);
		StringBuilder text = new StringBuilder();
		if (!this.options.external()) {
			text.append("Zipkin:       ").append(t.bold(shop.zipkinUrl() + "/zipkin/")).append(System.lineSeparator());
		}
		text.append("A checkout:   curl -i -H 'Content-Type: application/json' -d '{\"customerId\":\"c-1\",")
			.append("\"email\":\"c-1@example.com\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2}]}' http://localhost:")
			.append(gateway).append("/api/checkout").append(System.lineSeparator());
		text.append("A fault:      curl -X POST -H 'Content-Type: application/json' -d '{\"enabled\":true}' ")
			.append("http://localhost:").append(payment).append("/actuator/faults/down").append(System.lineSeparator());
		text.append("              (faults: ").append(Fault.validIds().toLowerCase(Locale.ROOT))
			.append("; the port is the service's, the name after the dot is the switch)").append(System.lineSeparator());
		text.append("Logs:         ").append(shop.config().logs());
		return text.toString();
	}

	private void watch(Shop shop) {
		CountDownLatch forever = new CountDownLatch(1);
		List<String> reported = new ArrayList<>();
		while (true) {
			try {
				if (forever.await(2, java.util.concurrent.TimeUnit.SECONDS)) {
					return;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (shop.isClosing()) {
				return;
			}
			for (String exited : shop.exitedProcesses()) {
				if (!reported.contains(exited)) {
					reported.add(exited);
					this.terminal.out().println(this.terminal.red("A service stopped: " + exited));
				}
			}
		}
	}

}
