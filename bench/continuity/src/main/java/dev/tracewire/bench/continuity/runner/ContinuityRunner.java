package dev.tracewire.bench.continuity.runner;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.tracewire.bench.continuity.app.Boundary;
import dev.tracewire.bench.continuity.app.ContinuityApplication;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Runs the continuity application once per setup ({@link Variant}) against one KRaft broker and one OTLP collector
 * started here, judges the spans each run exported, writes one JSON file per setup to
 * {@code <out>/continuity/results/} and renders every result there to {@code <out>/continuity.md}.
 * <p>
 * Usage (see run.sh, which builds the classpaths): {@code ContinuityRunner <app-classes> <classpath-dir>
 * <agents-dir> <out-dir> [variant,variant,...]}. A functional check, not a timed one.
 */
public final class ContinuityRunner {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(150);

	private static final Duration FAR_SIDES_TIMEOUT = Duration.ofSeconds(60);

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Path appClasses;

	private final Path classpaths;

	private final Path agents;

	private final Path out;

	private ContinuityRunner(Path appClasses, Path classpaths, Path agents, Path out) {
		this.appClasses = appClasses;
		this.classpaths = classpaths;
		this.agents = agents;
		this.out = out;
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 4) {
			System.err.println("usage: ContinuityRunner <app-classes> <classpath-dir> <agents-dir> <out-dir> [variants]");
			System.exit(2);
		}
		ContinuityRunner runner = new ContinuityRunner(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]),
				Path.of(args[3]));
		List<Variant> variants = select((args.length > 4) ? args[4] : "all");
		// The broker logs at DEBUG by default (Logback without configuration); the applications log to files.
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		Path results = runner.out.resolve("continuity").resolve("results");
		Files.createDirectories(results);
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
		try (OtlpCollector collector = new OtlpCollector()) {
			for (Variant variant : variants) {
				collector.clear();
				VariantResult result;
				try {
					result = runner.run(variant, broker.getBrokersAsString(), collector);
				}
				catch (Exception ex) {
					result = notRun(variant, "the run failed: " + ex, System.nanoTime());
				}
				Files.writeString(results.resolve(variant.name() + ".json"), JSON.writeValueAsString(result));
				System.out.printf(Locale.ROOT, "variant=%s started=%s kept=%d/%d spans=%d seconds=%d%s%n",
						result.variant(), result.started(), result.kept(), result.judged(), result.spans(),
						result.seconds(), result.problem().isEmpty() ? "" : " problem=" + result.problem());
			}
		}
		finally {
			broker.destroy();
		}
		Path report = runner.out.resolve("continuity.md");
		Files.writeString(report, MarkdownReport.render(readAll(results)));
		System.out.println("report: " + report);
	}

	private static List<Variant> select(String names) {
		List<Variant> all = Variant.all();
		if (names.equals("all")) {
			return all;
		}
		List<String> wanted = Arrays.asList(names.split(","));
		List<Variant> selected = all.stream().filter((variant) -> wanted.contains(variant.name())).toList();
		if (selected.size() != wanted.size()) {
			throw new IllegalArgumentException("unknown variant in " + names + "; known: "
					+ all.stream().map(Variant::name).toList());
		}
		return selected;
	}

	/**
	 * Reads every result written so far, in the order of {@link Variant#all()} (unknown ones last).
	 */
	static List<VariantResult> readAll(Path results) throws IOException {
		List<String> order = Variant.all().stream().map(Variant::name).toList();
		try (Stream<Path> files = Files.list(results)) {
			return files.filter((file) -> file.toString().endsWith(".json"))
				.map((file) -> JSON.readValue(file.toFile(), VariantResult.class))
				.sorted(Comparator.comparingInt((VariantResult result) -> {
					int index = order.indexOf(result.variant());
					return (index < 0) ? Integer.MAX_VALUE : index;
				}))
				.toList();
		}
	}

	private VariantResult run(Variant variant, String brokers, OtlpCollector collector) throws Exception {
		long start = System.nanoTime();
		Path log = this.out.resolve("continuity").resolve("logs").resolve(variant.name() + ".log");
		Files.createDirectories(log.getParent());
		String classpath = classpath(variant);
		if (classpath == null) {
			return notRun(variant, "no classpath file " + this.classpaths.resolve(variant.classpath() + ".txt"), start);
		}
		for (String option : variant.jvmOptions()) {
			if (option.startsWith("-javaagent:")) {
				Path agent = Path.of(expand(option.substring("-javaagent:".length()), collector));
				if (!Files.isRegularFile(agent)) {
					return notRun(variant, "agent jar " + agent + " missing", start);
				}
			}
		}
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// Functional runs: a small heap, and C1 only, which starts faster and costs the shared machine less.
		command.addAll(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
		variant.jvmOptions().forEach((option) -> command.add(expand(option, collector)));
		command.addAll(List.of("-cp", classpath, ContinuityApplication.class.getName()));
		command.add("--server.port=" + port);
		command.add("--spring.kafka.bootstrap-servers=" + brokers);
		command.add("--spring.kafka.consumer.group-id=continuity-" + variant.name());
		command.add("--continuity.topic-prefix=" + variant.name().replace('.', '-') + ".");
		variant.properties().forEach((property) -> command.add("--" + expand(property, collector)));
		Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			String base = "http://127.0.0.1:" + port;
			String notReady = awaitReady(app, base);
			if (notReady != null) {
				return notRun(variant, notReady + " (see " + log + ")", start);
			}
			Map<String, String> setup = JSON.readValue(get(base + "/setup"), new TypeReference<Map<String, String>>() {
			});
			boolean batchHelper = !setup.getOrDefault("batchHelper", "").isEmpty();
			Map<Boundary, String> requestProblems = new LinkedHashMap<>();
			// Kafka and @Scheduled first: their far sides take longest (consumer group joins, retry back-off).
			List<Boundary> triggers = Stream.of(Boundary.values())
				.filter((boundary) -> boundary.trigger() == boundary)
				.filter((boundary) -> batchHelper || boundary != Boundary.KAFKA_BATCH_PER_RECORD)
				.sorted(Comparator.comparingInt((Boundary boundary) -> slow(boundary) ? 0 : 1))
				.toList();
			for (Boundary boundary : triggers) {
				String problem = request(base + boundary.path());
				if (problem != null) {
					requestProblems.put(boundary, problem);
				}
			}
			Map<String, Integer> done = awaitFarSides(base, batchHelper);
			stop(app);
			Thread.sleep(500);
			Judge judge = new Judge(collector.spans());
			List<Verdict> verdicts = new ArrayList<>();
			for (Boundary boundary : Boundary.values()) {
				if (boundary == Boundary.KAFKA_BATCH_PER_RECORD && !batchHelper) {
					verdicts.add(Verdict.notApplicable(boundary.id(), "no per-record helper"));
				}
				else {
					verdicts.add(judge.judge(boundary, requestProblems.get(boundary.trigger())));
				}
			}
			String problem = collector.problems().isEmpty() ? "" : String.join("; ", collector.problems());
			return new VariantResult(variant.name(), variant.setup(), true, problem, seconds(start),
					collector.spans().size(), done, verdicts);
		}
		finally {
			if (app.isAlive()) {
				app.destroyForcibly();
			}
		}
	}

	private static boolean slow(Boundary boundary) {
		return boundary.group() == Boundary.Group.KAFKA || boundary.group() == Boundary.Group.SCHEDULING;
	}

	private @Nullable String classpath(Variant variant) throws IOException {
		Path file = this.classpaths.resolve(variant.classpath() + ".txt");
		if (!Files.isRegularFile(file)) {
			return null;
		}
		return this.appClasses.toAbsolutePath() + File.pathSeparator + Files.readString(file).trim();
	}

	private String expand(String option, OtlpCollector collector) {
		return option.replace("{otlp-traces}", collector.tracesEndpoint())
			.replace("{otlp}", collector.endpoint())
			.replace("{agents}", this.agents.toAbsolutePath().toString());
	}

	private @Nullable String awaitReady(Process app, String base) throws InterruptedException {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!app.isAlive()) {
				return "the application exited with " + app.exitValue() + " before it was ready";
			}
			try {
				HttpResponse<String> response = this.http.send(
						HttpRequest.newBuilder(URI.create(base + "/ready")).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return null;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		return "the application was not ready within " + STARTUP_TIMEOUT.toSeconds() + " s";
	}

	private Map<String, Integer> awaitFarSides(String base, boolean batchHelper) throws Exception {
		long deadline = System.nanoTime() + FAR_SIDES_TIMEOUT.toNanos();
		Map<String, Integer> done = Map.of();
		while (System.nanoTime() < deadline) {
			try {
				done = JSON.readValue(get(base + "/status"), new TypeReference<Map<String, Integer>>() {
				});
			}
			catch (IOException ex) {
				// A busy machine: ask again until the deadline.
				Thread.sleep(250);
				continue;
			}
			Map<String, Integer> counts = done;
			boolean complete = Stream.of(Boundary.values())
				.filter((boundary) -> batchHelper || boundary != Boundary.KAFKA_BATCH_PER_RECORD)
				.allMatch((boundary) -> counts.getOrDefault(boundary.id(), 0) >= boundary.farSides());
			if (complete) {
				break;
			}
			Thread.sleep(250);
		}
		return done;
	}

	private @Nullable String request(String url) {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(),
					HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? null : "HTTP " + response.statusCode();
		}
		catch (IOException ex) {
			return ex.toString();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	private String get(String url) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException(url + " answered " + response.statusCode());
		}
		return response.body();
	}

	// SIGTERM: Boot closes the context, and the SDKs (Boot's, the starter's, the agent's) flush their span
	// processors on the way out.
	private static void stop(Process app) throws InterruptedException {
		app.destroy();
		if (!app.waitFor(30, TimeUnit.SECONDS)) {
			app.destroyForcibly();
			app.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static VariantResult notRun(Variant variant, String problem, long start) {
		List<Verdict> verdicts = Stream.of(Boundary.values())
			.map((boundary) -> Verdict.notApplicable(boundary.id(), "not run"))
			.toList();
		return new VariantResult(variant.name(), variant.setup(), false, problem, seconds(start), 0, Map.of(),
				verdicts);
	}

	private static long seconds(long start) {
		return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
	}

}
