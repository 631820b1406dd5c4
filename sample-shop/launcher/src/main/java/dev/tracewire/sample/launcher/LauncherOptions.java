package dev.tracewire.sample.launcher;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The launcher's command line.
 *
 * @param once whether to exit after the scripted checkouts instead of running until Ctrl-C
 * @param checkouts how many checkouts the script sends
 * @param faults the faults switched on at start
 * @param sampling the probability every service samples a trace that starts there with
 * ({@code tracewire.sampling.probability}), {@code null} for the services' own setting (1.0 in the shop)
 * @param external whether the services use the {@code external} profile (real Kafka, PostgreSQL, OTLP collector)
 * instead of the infrastructure the launcher starts
 * @param help whether only the usage was asked for
 */
record LauncherOptions(boolean once, int checkouts, Set<Fault> faults, @Nullable Double sampling, boolean external,
		boolean help) {

	static final int DEFAULT_CHECKOUTS = 20;

	static final int MAX_CHECKOUTS = 10_000;

	static final String USAGE = """
			Usage: ./demo [options]

			Starts Kafka, PostgreSQL, Zipkin and the shop's seven services, sends a few checkouts through the
			gateway, prints one checkout's trace as a waterfall and keeps running until Ctrl-C.

			Options:
			  --once               exit after the checkouts and the waterfall
			  --checkouts N        how many checkouts to send (default %d)
			  --fault S.F          switch a fault on from the start; repeatable; one of:
			%s
			  --sampling P         the probability (0 to 1) with which every service samples a trace that starts
			                       there (tracewire.sampling.probability; the shop's own setting is 1): traces
			                       not sampled are still recorded, exported when a span fails and discarded
			                       otherwise, e.g. --sampling 0.01 --fault payment.down
			  --external           use the services' 'external' profile: your Kafka, PostgreSQL and OTLP collector
			                       (SHOP_KAFKA_BOOTSTRAP_SERVERS, SHOP_POSTGRES_URL, SHOP_POSTGRES_USERNAME,
			                       SHOP_POSTGRES_PASSWORD, SHOP_OTLP_ENDPOINT); starts no Kafka, PostgreSQL or Zipkin
			  --help               this text
			  (./demo itself also takes --build, to build even when nothing changed, and --no-build)

			Faults can also be switched while the shop runs, for example:
			  curl -X POST -H 'Content-Type: application/json' -d '{"enabled":true}' \\
			       http://localhost:8083/actuator/faults/down
			""";

	/**
	 * Reads the command line.
	 * @param args the arguments
	 * @return the options
	 * @throws IllegalArgumentException with a message for the user when an argument is wrong
	 */
	static LauncherOptions parse(String... args) {
		boolean once = false;
		boolean external = false;
		boolean help = false;
		int checkouts = DEFAULT_CHECKOUTS;
		Double sampling = null;
		Set<Fault> faults = new LinkedHashSet<>();
		List<String> queue = new ArrayList<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 0) {
				queue.add(arg.substring(0, equals));
				queue.add(arg.substring(equals + 1));
			}
			else {
				queue.add(arg);
			}
		}
		for (int i = 0; i < queue.size(); i++) {
			String arg = queue.get(i);
			switch (arg) {
				case "--once" -> once = true;
				case "--external" -> external = true;
				case "--help", "-h" -> help = true;
				case "--checkouts" -> checkouts = checkouts(value(queue, ++i, arg));
				case "--sampling" -> sampling = sampling(value(queue, ++i, arg));
				case "--fault" -> {
					for (String id : value(queue, ++i, arg).split(",")) {
						Fault fault = Fault.of(id.trim());
						if (fault == null) {
							throw new IllegalArgumentException(
									"Unknown fault '" + id.trim() + "'. Valid faults: " + Fault.validIds());
						}
						faults.add(fault);
					}
				}
				default -> throw new IllegalArgumentException("Unknown option '" + arg
						+ "'. Valid options: --once, --checkouts N, --fault S.F, --sampling P, --external, --help");
			}
		}
		return new LauncherOptions(once, checkouts, Collections.unmodifiableSet(faults), sampling, external, help);
	}

	/**
	 * Returns the usage text.
	 * @return the text for {@code --help}
	 */
	static String usage() {
		StringBuilder faults = new StringBuilder();
		for (Fault fault : Fault.values()) {
			faults.append(String.format("                         %-28s %s%n", fault.id(), fault.effect()));
		}
		return String.format(USAGE, DEFAULT_CHECKOUTS, faults.toString().stripTrailing());
	}

	private static String value(List<String> args, int index, String option) {
		if (index >= args.size() || args.get(index).startsWith("--")) {
			throw new IllegalArgumentException("Option " + option + " needs a value");
		}
		return args.get(index);
	}

	private static int checkouts(String value) {
		try {
			int checkouts = Integer.parseInt(value);
			if (checkouts >= 1 && checkouts <= MAX_CHECKOUTS) {
				return checkouts;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				"--checkouts needs a number from 1 to " + MAX_CHECKOUTS + ", not '" + value + "'");
	}

	private static double sampling(String value) {
		try {
			double probability = Double.parseDouble(value);
			if (probability >= 0 && probability <= 1) {
				return probability;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				"--sampling needs a probability from 0 to 1, such as 0.01, not '" + value + "'");
	}

	/**
	 * Writes a probability as a property value: plain decimal notation, no trailing zeros.
	 * @param probability from 0 to 1
	 * @return for example {@code 0.01} or {@code 1}
	 */
	static String format(double probability) {
		return BigDecimal.valueOf(probability).stripTrailingZeros().toPlainString();
	}

}
