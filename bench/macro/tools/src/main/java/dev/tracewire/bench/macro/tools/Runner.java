package dev.tracewire.bench.macro.tools;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The macro benchmark's one command (started by {@code bench/macro/run.sh}): starts the infrastructure process,
 * measures startup to the first 200 of every variant, then runs the variants interleaved (A B C ... C B A ...),
 * one application process per variant and repetition serving S1, S2 and S3 in turn; for each scenario it
 * calibrates the spans per request, warms up until throughput is steady, measures saturation throughput with
 * {@code wrk}, and latency at 50% and 80% of {@code none}'s throughput with the open-loop {@link FixedRateDriver}.
 * Every window is bracketed by quiet periods in which the exporters drain, so spans received can be compared with
 * requests served, and CPU time and allocated bytes read before and after. Writes {@code results.json} and
 * {@code results.md} (see {@link Report}) and {@code chart.svg} (see {@link Chart}) after every application run.
 */
public final class Runner {

	static final List<Scenario> SCENARIOS = List.of(new Scenario("S1", "/hello", "hello"),
			new Scenario("S2", "/hello-log", "hello_log"), new Scenario("S3", "/checkout", "checkout"));

	private static final Pattern TRACE_IN_LOG = Pattern.compile("trace=[0-9a-f]{32} ");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Options options;

	private List<Variant> variants;

	private final Map<String, Object> results = new LinkedHashMap<>();

	private final List<Map<String, Object>> windows = new ArrayList<>();

	private final Map<String, List<Double>> startup = new LinkedHashMap<>();

	private final List<Map<String, Object>> appRuns = new ArrayList<>();

	private List<String> infraArgs = List.of();

	private boolean driverWarm;

	private final MeasuredJars jars;

	private Runner(Options options, MeasuredJars jars, List<Variant> variants) {
		this.options = options;
		this.jars = jars;
		this.variants = variants;
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		MeasuredJars jars = MeasuredJars.pin(options.out.resolve("jars"), options.mainJar, options.otelStarterJar,
				options.commit, options.resume && Files.exists(options.out.resolve("results.json")));
		List<Variant> variants = Variant.all(jars.main(), jars.otelStarter(), options.otelStarterVersion,
				options.agents, options.sinkUrl(), options.exportDelayMillis);
		if (!options.onlyVariants.isEmpty()) {
			Path baseline = (options.baselineJar != null)
					? MeasuredJars.pinBaseline(options.out.resolve("jars"), options.baselineJar) : null;
			variants = select(variants,
					Variant.extras(jars.main(), baseline, options.sinkUrl(), options.exportDelayMillis),
					options.onlyVariants);
		}
		if (variants.isEmpty()) {
			throw new IllegalArgumentException("No variant left to run");
		}
		new Runner(options, jars, variants).run();
	}

	// The named variants in the order of all, then extras; a name that is neither is refused rather than skipped.
	static List<Variant> select(List<Variant> all, List<Variant> extras, List<String> names) {
		List<Variant> candidates = new ArrayList<>(all);
		candidates.addAll(extras);
		List<String> known = candidates.stream().map(Variant::name).toList();
		List<String> unknown = names.stream().filter((name) -> !known.contains(name)).toList();
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown variants " + unknown + "; known: " + known);
		}
		return candidates.stream().filter((variant) -> names.contains(variant.name())).toList();
	}

	private void run() throws Exception {
		Files.createDirectories(this.options.out);
		this.results.put("smoke", this.options.quick);
		this.results.put("note", this.options.quick
				? "SMOKE RUN (--quick): seconds per step, numbers prove the pipeline only and are not results"
				: "full run");
		this.results.put("started", Instant.now().toString());
		this.results.put("machine", machine());
		this.results.put("options", this.options.describe());
		this.results.put("otel_starter", this.options.otelStarterStatus);
		this.results.put("measured", this.jars.describe());
		List<Map<String, Object>> variantList = new ArrayList<>();
		for (Variant variant : this.variants) {
			Map<String, Object> described = new LinkedHashMap<>();
			described.put("name", variant.name());
			described.put("description", variant.description());
			described.put("jar", variant.jar().getFileName().toString());
			described.put("jvm_args", variant.jvmArgs());
			described.put("app_args", variant.appArgs());
			if (variant.traceRateLimit() > 0) {
				described.put("trace_rate_limit_per_second", variant.traceRateLimit());
			}
			variantList.add(described);
		}
		this.results.put("variants", variantList);
		Set<String> done = this.options.resume ? resume() : Set.of();
		Process infra = startInfra();
		Runtime.getRuntime().addShutdownHook(new Thread(infra::destroy, "infra-stop"));
		try {
			log("infrastructure up (pid %d)", infra.pid());
			probe();
			measureStartup();
			for (int rep = 0; rep < this.options.reps; rep++) {
				List<Variant> order = new ArrayList<>(this.variants);
				if (rep % 2 == 1) {
					Collections.reverse(order);
				}
				for (Variant variant : order) {
					if (done.contains(runKey(variant.name(), rep))) {
						log("%s rep %d: measured before, skipped (--resume)", variant.name(), rep);
						continue;
					}
					runVariant(variant, rep);
					save();
				}
			}
			this.results.put("finished", Instant.now().toString());
			save();
			log("results: %s, %s and %s", this.options.out.resolve("results.json"),
					this.options.out.resolve("results.md"), this.options.out.resolve(Chart.FILE_NAME));
		}
		finally {
			infra.destroy();
			infra.waitFor(30, TimeUnit.SECONDS);
		}
	}

	/**
	 * With {@code --resume}: takes back what the saved run measured, so that the loops skip the startup rounds and
	 * application runs already done (an application run that ended in an error is measured again). More
	 * repetitions, more cold starts or more variants than the saved run had are fine (the loops run what is
	 * missing); other durations, rates, scenarios or heap are refused: those figures would not be comparable.
	 * @return the application runs already done ({@link #runKey})
	 */
	private Set<String> resume() throws IOException {
		Path file = this.options.out.resolve("results.json");
		if (!Files.exists(file)) {
			log("--resume: no %s, starting afresh", file);
			return Set.of();
		}
		Map<String, Object> saved = Report.cast(Json.read(Files.readString(file, StandardCharsets.UTF_8)));
		String savedMethod = Json.write(method(Report.cast(saved.get("options"))));
		if (!savedMethod.equals(Json.write(method(this.options.describe())))) {
			throw new IllegalStateException("--resume: " + file + " was measured with other options; use the same "
					+ "options (--reps and --startup-runs may grow) or another --out. Saved: " + saved.get("options"));
		}
		if (!Json.write(this.results.get("measured")).equals(Json.write(saved.get("measured")))) {
			throw new IllegalStateException("--resume: the jars in " + this.options.out.resolve("jars")
					+ " are not the ones " + file + " measured (" + saved.get("measured") + "); start a new run");
		}
		Restored restored = Restored.from(saved);
		this.windows.addAll(restored.windows());
		this.appRuns.addAll(restored.appRuns());
		this.startup.putAll(restored.startup());
		List<Object> resumed = new ArrayList<>((saved.get("resumed") instanceof List<?> earlier) ? earlier : List.of());
		resumed.add(Instant.now().toString());
		this.results.put("started", saved.get("started"));
		this.results.put("resumed", resumed);
		log("--resume: %d application runs and %d startup measurements taken back from %s", restored.done().size(),
				restored.startup().values().stream().mapToInt(List::size).sum(), file);
		return restored.done();
	}

	// The options that must not change between a run and its resumption.
	private static Map<String, Object> method(Map<String, Object> options) {
		Map<String, Object> method = new LinkedHashMap<>(options);
		method.remove("reps");
		method.remove("startup_runs");
		return method;
	}

	/**
	 * {@code none}'s saturation throughput in a scenario, window by window: the base of the fixed rates, taken from
	 * the windows measured so far (this run's and, with {@code --resume}, the saved run's).
	 */
	static List<Double> noneThroughput(List<Map<String, Object>> windows, String scenario) {
		return windows.stream()
			.filter((window) -> "none".equals(window.get("variant")) && scenario.equals(window.get("scenario"))
					&& "saturation".equals(window.get("kind")))
			.map((window) -> window.get("requests_per_second"))
			.filter(Number.class::isInstance)
			.map((throughput) -> ((Number) throughput).doubleValue())
			.toList();
	}

	static String runKey(String variant, int rep) {
		return variant + "#" + rep;
	}

	/**
	 * What a saved run measured and is kept on {@code --resume}: its complete application runs with their windows
	 * (among them {@code none}'s saturation windows, the base of the fixed rates) and its startup times.
	 */
	record Restored(Set<String> done, List<Map<String, Object>> appRuns, List<Map<String, Object>> windows,
			Map<String, List<Double>> startup) {

		static Restored from(Map<String, Object> saved) {
			Set<String> done = new java.util.LinkedHashSet<>();
			List<Map<String, Object>> appRuns = new ArrayList<>();
			for (Object item : listOf(saved.get("app_runs"))) {
				Map<String, Object> appRun = Report.cast(item);
				if (!appRun.containsKey("error")) {
					appRuns.add(appRun);
					done.add(key(appRun));
				}
			}
			List<Map<String, Object>> windows = new ArrayList<>();
			for (Object item : listOf(saved.get("windows"))) {
				Map<String, Object> window = Report.cast(item);
				if (done.contains(key(window))) {
					windows.add(window);
				}
			}
			Map<String, List<Double>> startup = new LinkedHashMap<>();
			if (saved.get("startup_ms") instanceof Map<?, ?> savedStartup) {
				savedStartup.forEach((variant, times) -> startup.put(String.valueOf(variant),
						listOf(times).stream().map((time) -> ((Number) time).doubleValue())
							.collect(java.util.stream.Collectors.toCollection(ArrayList::new))));
			}
			return new Restored(done, appRuns, windows, startup);
		}

		private static String key(Map<String, Object> run) {
			return runKey(String.valueOf(run.get("variant")), ((Number) run.get("rep")).intValue());
		}

		private static List<?> listOf(Object value) {
			return (value instanceof List<?> list) ? list : List.of();
		}

	}

	private Process startInfra() throws IOException, InterruptedException {
		Path logFile = this.options.out.resolve("infra.log");
		List<String> command = List.of("taskset", "-c", Integer.toString(this.options.loadCpu), "java", "-Xmx1g",
				"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
				Infra.class.getName(), Integer.toString(this.options.sinkPort),
				Integer.toString(this.options.postgresPort));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IOException("Infrastructure exited: see " + logFile);
			}
			String ready = Files.readString(logFile, StandardCharsets.UTF_8)
				.lines()
				.filter((line) -> line.startsWith("READY "))
				.findFirst()
				.orElse(null);
			if (ready != null) {
				Map<String, String> addresses = new LinkedHashMap<>();
				for (String pair : ready.substring(6).split(" ")) {
					addresses.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
				}
				this.infraArgs = List.of("--spring.kafka.bootstrap-servers=" + addresses.get("kafka"),
						"--spring.datasource.url=" + addresses.get("postgres"));
				this.results.put("infrastructure", addresses);
				return process;
			}
			Thread.sleep(200);
		}
		process.destroy();
		throw new IOException("Infrastructure not ready within 180 s: see " + logFile);
	}

	/**
	 * Starts each variant once and sends one request of each scenario; a variant that does not start or answer is
	 * left out of the run, with the reason in the results.
	 */
	private void probe() throws Exception {
		List<Variant> working = new ArrayList<>();
		Map<String, Object> probes = new LinkedHashMap<>();
		for (Variant variant : this.variants) {
			Path directory = this.options.out.resolve("probe").resolve(variant.name());
			Map<String, Object> probe = new LinkedHashMap<>();
			try (App app = App.start(variant, this.options.appCpu, this.options.heap, this.infraArgs, directory)) {
				probe.put("first_200_ms", app.awaitFirstOk("/hello", Duration.ofSeconds(180)));
				for (Scenario scenario : SCENARIOS) {
					probe.put(scenario.name(), (App.sequential(scenario.path(), 1) == 1) ? "200" : "failed");
				}
				probe.put("info", app.info());
				boolean ok = SCENARIOS.stream().allMatch((scenario) -> "200".equals(probe.get(scenario.name())));
				probe.put("ok", ok);
				if (ok) {
					working.add(variant);
				}
			}
			catch (IOException ex) {
				probe.put("ok", false);
				probe.put("error", ex.getMessage());
				probe.put("console_tail", tail(directory.resolve("console.log"), 15));
			}
			log("probe %s: %s", variant.name(), Boolean.TRUE.equals(probe.get("ok")) ? "ok" : "LEFT OUT " + probe);
			probes.put(variant.name(), probe);
		}
		this.results.put("probes", probes);
		this.variants = working;
		if (working.isEmpty()) {
			throw new IllegalStateException("No variant passed the probe: see " + this.options.out.resolve("probe"));
		}
	}

	private static List<String> tail(Path file, int lines) throws IOException {
		if (!Files.exists(file)) {
			return List.of();
		}
		List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
		return all.subList(Math.max(0, all.size() - lines), all.size());
	}

	private void measureStartup() throws Exception {
		for (int round = 0; round < this.options.startupRuns; round++) {
			List<Variant> order = new ArrayList<>(this.variants);
			if (round % 2 == 1) {
				Collections.reverse(order);
			}
			for (Variant variant : order) {
				if (this.startup.getOrDefault(variant.name(), List.of()).size() > round) {
					continue;
				}
				Path directory = this.options.out.resolve("startup").resolve(variant.name() + "-" + round);
				try (App app = App.start(variant, this.options.appCpu, this.options.heap, this.infraArgs,
						directory)) {
					double millis = app.awaitFirstOk("/hello", Duration.ofSeconds(180));
					this.startup.computeIfAbsent(variant.name(), (key) -> new ArrayList<>()).add(millis);
					log("startup %s round %d: %.0f ms to the first 200", variant.name(), round, millis);
				}
			}
		}
		this.results.put("startup_ms", this.startup);
		save();
	}

	private void runVariant(Variant variant, int rep) throws Exception {
		truncateOrders();
		Path directory = this.options.out.resolve("runs").resolve(variant.name() + "-rep" + rep);
		Map<String, Object> appRun = new LinkedHashMap<>();
		appRun.put("variant", variant.name());
		appRun.put("rep", rep);
		this.appRuns.add(appRun);
		try (App app = App.start(variant, this.options.appCpu, this.options.heap, this.infraArgs, directory);
				FixedRateDriver driver = new FixedRateDriver("http://127.0.0.1:" + App.HTTP_PORT,
						this.options.connections, this.options.maxInFlight)) {
			app.awaitFirstOk("/hello", Duration.ofSeconds(180));
			appRun.put("info", app.info());
			Wrk wrk = new Wrk(this.options.out, 1, this.options.connections);
			for (Scenario scenario : SCENARIOS) {
				if (!this.options.scenarios.contains(scenario.name())) {
					continue;
				}
				runScenario(app, wrk, driver, variant, scenario, rep, directory);
			}
			appRun.put("stats_at_end", app.stats());
		}
		catch (IOException ex) {
			appRun.put("error", ex.getMessage());
			log("ERROR %s rep %d: %s", variant.name(), rep, ex.getMessage());
		}
		if (!this.options.quick) {
			// S2 logs hundreds of MB per run; its lines have been checked.
			try (java.util.stream.Stream<Path> files = Files.list(directory)) {
				for (Path file : files.filter((candidate) -> candidate.getFileName().toString().startsWith("app.log"))
					.toList()) {
					Files.delete(file);
				}
			}
		}
	}

	private void runScenario(App app, Wrk wrk, FixedRateDriver driver, Variant variant, Scenario scenario, int rep,
			Path directory) throws Exception {
		String url = "http://127.0.0.1:" + App.HTTP_PORT + scenario.path();
		// Warm-up until the throughput of the last chunks is steady.
		List<Double> chunks = new ArrayList<>();
		long warmStart = System.nanoTime();
		boolean steady = false;
		double minimum = scenario.name().equals("S3") ? this.options.warmupMinS3Seconds
				: this.options.warmupMinSeconds;
		while (true) {
			chunks.add(wrk.run(url, this.options.warmupChunkSeconds).requestsPerSecond());
			double elapsed = (System.nanoTime() - warmStart) / 1e9;
			steady = isSteady(chunks, this.options.steadyTolerance);
			if ((steady && elapsed >= minimum) || elapsed >= Math.max(minimum, this.options.warmupMaxSeconds)) {
				break;
			}
		}
		Map<String, Object> warmup = new LinkedHashMap<>();
		warmup.put("variant", variant.name());
		warmup.put("scenario", scenario.name());
		warmup.put("rep", rep);
		warmup.put("kind", "warmup");
		warmup.put("seconds", (System.nanoTime() - warmStart) / 1e9);
		warmup.put("steady", steady);
		warmup.put("chunk_requests_per_second", chunks);
		this.windows.add(warmup);
		log("%s %s rep %d: warm-up %.0f s, steady=%s, last chunk %.0f req/s", variant.name(), scenario.name(), rep,
				(System.nanoTime() - warmStart) / 1e9, steady, chunks.get(chunks.size() - 1));

		// Calibration, once warm (so that first-time spans such as opening pooled connections are over): spans per
		// request from a few requests sent one at a time (nothing can be dropped at that pace).
		Map<String, Object> calibration = window(app, variant, scenario, rep, "calibration", 0, () -> {
			long begin = System.nanoTime();
			int ok = App.sequential(scenario.path(), this.options.calibrationRequests);
			Map<String, Object> load = new LinkedHashMap<>();
			load.put("ok", ok);
			load.put("seconds", (System.nanoTime() - begin) / 1e9);
			return load;
		}, Double.NaN);
		double spansPerRequest = ((Number) calibration.get("spans_per_request")).doubleValue();

		// Saturation throughput (closed loop, wrk).
		Map<String, Object> saturation = window(app, variant, scenario, rep, "saturation", wrk.connections(), () -> {
			Wrk.Result result = wrk.run(url, this.options.measureSeconds);
			Map<String, Object> load = new LinkedHashMap<>();
			load.put("requests_per_second", result.requestsPerSecond());
			load.put("client_requests", result.requests());
			load.put("errors", result.errors());
			load.put("seconds", result.seconds());
			load.put("closed_loop_p50_us", result.p50Micros());
			load.put("closed_loop_p99_us", result.p99Micros());
			return load;
		}, spansPerRequest);
		double throughput = ((Number) saturation.get("requests_per_second")).doubleValue();

		// Latency at fixed rates: fractions of none's saturation throughput (median so far).
		List<Double> base = noneThroughput(this.windows, scenario.name());
		double baseRate = base.isEmpty() ? throughput : Stats.median(base);
		if (!this.driverWarm) {
			// The driver runs in this JVM: cold, its first seconds stall for seconds (the first full run measured a p99
			// of 2.6-3.4 s at half load for none's S1, whose p50 was 0.3 ms). Warm it once, unrecorded, at the lower
			// rate, before the first window that counts.
			double warmRate = Math.max(1, this.options.fractions.get(0) * baseRate);
			log("warming the fixed-rate driver: %.0f s at %.0f req/s, not recorded", this.options.driverWarmupSeconds,
					warmRate);
			driver.run(scenario.path(), warmRate, Duration.ofMillis((long) (this.options.driverWarmupSeconds * 1000)),
					Duration.ofMillis(100));
			this.driverWarm = true;
		}
		for (double fraction : this.options.fractions) {
			double rate = Math.max(1, fraction * baseRate);
			String kind = "fixed-" + Math.round(fraction * 100);
			Map<String, Object> fixed = window(app, variant, scenario, rep, kind, 2, () -> {
				FixedRateDriver.Result result = driver.run(scenario.path(), rate,
						Duration.ofMillis((long) (this.options.fixedWarmupSeconds * 1000)),
						Duration.ofMillis((long) (this.options.fixedSeconds * 1000)));
				Map<String, Object> load = new LinkedHashMap<>();
				load.put("target_rate", rate);
				load.put("rate_base", base.isEmpty() ? "own saturation (no none run yet)" : "none");
				load.put("requests_per_second", result.achievedRate());
				load.put("sent", result.sent());
				load.put("ok", result.ok());
				load.put("errors", result.failed());
				load.put("overloaded", result.overloaded());
				load.put("p50_us", result.p50());
				load.put("p99_us", result.p99());
				load.put("p999_us", result.p999());
				load.put("max_us", result.max());
				return load;
			}, spansPerRequest);
			log("%s %s rep %d: %s at %.0f req/s: p50 %s us, p99 %s us, p99.9 %s us%s", variant.name(), scenario.name(),
					rep, kind, rate, fixed.get("p50_us"), fixed.get("p99_us"), fixed.get("p999_us"),
					Boolean.TRUE.equals(fixed.get("overloaded")) ? " OVERLOADED" : "");
		}
		if (scenario.name().equals("S2")) {
			saturation.put("log_lines_with_trace_id", logTraceShare(directory.resolve("app.log")));
		}
	}

	/**
	 * Runs one load between two quiet points and records what happened in between: requests served, CPU,
	 * allocation, spans received against spans expected.
	 */
	private Map<String, Object> window(App app, Variant variant, Scenario scenario, int rep, String kind,
			int inFlightBound, Load load, double expectedSpansPerRequest) throws Exception {
		quiesce(app, variant);
		Map<String, Long> appBefore = app.stats();
		Map<String, Long> sinkBefore = sinkCounts();
		Map<String, Long> namesBefore = kind.equals("calibration") ? sinkNames() : Map.of();
		Map<String, Object> window = new LinkedHashMap<>();
		window.put("variant", variant.name());
		window.put("scenario", scenario.name());
		window.put("rep", rep);
		window.put("kind", kind);
		long loadStart = System.nanoTime();
		window.putAll(load.run());
		double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
		long quietMillis = quiesce(app, variant);
		Map<String, Long> appAfter = app.stats();
		Map<String, Long> sinkAfter = sinkCounts();
		long requests = appAfter.get(scenario.counter()) - appBefore.get(scenario.counter());
		long spans = sinkAfter.get("spans") - sinkBefore.get("spans");
		long roots = sinkAfter.get("roots") - sinkBefore.get("roots");
		long cpuNanos = appAfter.get("cpu_ns") - appBefore.get("cpu_ns");
		long allocated = appAfter.get("allocated_bytes") - appBefore.get("allocated_bytes");
		window.put("requests", requests);
		window.put("drain_ms", quietMillis);
		window.put("cpu_us_per_request", (requests > 0) ? cpuNanos / 1000.0 / requests : null);
		// Negative when threads died in between (their bytes are no longer counted): not reported.
		window.put("allocated_bytes_per_request", (requests > 0 && allocated >= 0) ? (double) allocated / requests : null);
		window.put("threads_before_after", List.of(appBefore.get("threads"), appAfter.get("threads")));
		window.put("spans_received", spans);
		window.put("spans_per_request", (requests > 0) ? (double) spans / requests : 0.0);
		window.put("traces_per_request", (requests > 0) ? (double) roots / requests : 0.0);
		if (scenario.name().equals("S3")) {
			window.put("kafka_sent_inserted", List.of(appAfter.get("sent") - appBefore.get("sent"),
					appAfter.get("inserted") - appBefore.get("inserted")));
		}
		if (sinkAfter.get("malformed") > sinkBefore.get("malformed")) {
			window.put("malformed_exports", sinkAfter.get("malformed") - sinkBefore.get("malformed"));
		}
		if (kind.equals("calibration")) {
			// Which spans one request makes: kind and name, per request.
			Map<String, Object> names = new java.util.TreeMap<>();
			sinkNames().forEach((name, count) -> {
				long delta = count - namesBefore.getOrDefault(name, 0L);
				if (delta > 0) {
					names.put(name, (requests > 0) ? (double) delta / requests : delta);
				}
			});
			window.put("spans_by_name_per_request", names);
		}
		if (!Double.isNaN(expectedSpansPerRequest)) {
			SpanCheck check = SpanCheck.of(spans, requests, expectedSpansPerRequest, inFlightBound,
					variant.traceRateLimit(), loadSeconds);
			window.put("spans_expected", check.expected());
			window.put("span_check", check.verdict());
		}
		this.windows.add(window);
		if (!kind.equals("calibration")) {
			log("%s %s rep %d: %s %s req/s, %d requests, %.1f us CPU/req, %s B/req, %.2f spans/req (%s)",
					variant.name(), scenario.name(), rep, kind, format(window.get("requests_per_second")), requests,
					(requests > 0) ? cpuNanos / 1000.0 / requests : 0.0, format(window.get("allocated_bytes_per_request")),
					(requests > 0) ? (double) spans / requests : 0.0, window.get("span_check"));
		}
		else {
			log("%s %s rep %d: calibration %.2f spans/req, %.2f traces/req", variant.name(), scenario.name(), rep,
					window.get("spans_per_request"), window.get("traces_per_request"));
		}
		return window;
	}

	/**
	 * Waits until the exporter has drained (no new span for the quiet period) and, for S3, until the listener has
	 * inserted every record sent. Returns how long it waited.
	 */
	private long quiesce(App app, Variant variant) throws Exception {
		long quiet = variant.traced() ? this.options.quietMillis() : 300;
		long begin = System.nanoTime();
		long deadline = begin + TimeUnit.SECONDS.toNanos(180);
		long lastSpans = sinkCounts().get("spans");
		long stableSince = System.nanoTime();
		while (System.nanoTime() < deadline) {
			Thread.sleep(100);
			long spans = sinkCounts().get("spans");
			Map<String, Long> stats = app.stats();
			if (spans != lastSpans) {
				lastSpans = spans;
				stableSince = System.nanoTime();
			}
			boolean listenerDone = stats.get("inserted") >= stats.get("sent");
			if (listenerDone && System.nanoTime() - stableSince >= TimeUnit.MILLISECONDS.toNanos(quiet)) {
				break;
			}
		}
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
	}

	private Map<String, Long> sinkCounts() throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.options.sinkPort + "/counts")).build(),
				HttpResponse.BodyHandlers.ofString());
		Map<String, Long> counts = new LinkedHashMap<>();
		App.parse(response.body()).forEach((key, value) -> counts.put(key, Long.parseLong(value)));
		return counts;
	}

	private Map<String, Long> sinkNames() throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.options.sinkPort + "/names")).build(),
				HttpResponse.BodyHandlers.ofString());
		Map<String, Long> names = new LinkedHashMap<>();
		App.parse(response.body()).forEach((key, value) -> names.put(key, Long.parseLong(value)));
		return names;
	}

	private void truncateOrders() throws IOException, InterruptedException {
		http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.options.sinkPort + "/infra/truncate"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.discarding());
	}

	private static Map<String, Object> logTraceShare(Path logFile) throws IOException {
		Map<String, Object> share = new LinkedHashMap<>();
		if (!Files.exists(logFile)) {
			share.put("lines", 0);
			return share;
		}
		List<String> lines = new ArrayList<>();
		for (String line : Files.readAllLines(logFile, StandardCharsets.UTF_8)) {
			if (line.endsWith(" hello")) {
				lines.add(line);
			}
		}
		List<String> last = lines.subList(Math.max(0, lines.size() - 10_000), lines.size());
		long withTrace = last.stream().filter((line) -> TRACE_IN_LOG.matcher(line).find()).count();
		share.put("lines_checked", last.size());
		share.put("with_trace_id", withTrace);
		return share;
	}

	static boolean isSteady(List<Double> chunks, double tolerance) {
		if (chunks.size() < 3) {
			return false;
		}
		List<Double> last = chunks.subList(chunks.size() - 3, chunks.size());
		double min = Collections.min(last);
		double max = Collections.max(last);
		double mean = (last.get(0) + last.get(1) + last.get(2)) / 3;
		return mean > 0 && (max - min) / mean <= tolerance;
	}

	private void save() throws IOException {
		this.results.put("startup_ms", this.startup);
		this.results.put("app_runs", this.appRuns);
		this.results.put("windows", this.windows);
		Map<String, Object> summary = Report.summarize(this.windows, this.startup,
				this.variants.stream().map(Variant::name).toList());
		this.results.put("summary", summary);
		Files.writeString(this.options.out.resolve("results.json"), Json.write(this.results));
		Files.writeString(this.options.out.resolve("results.md"), Report.markdown(this.results, summary));
		Files.writeString(this.options.out.resolve(Chart.FILE_NAME), Chart.svg(this.results, summary));
	}

	private Map<String, Object> machine() {
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		machine.put("processors", onlineProcessors());
		machine.put("app_cpu", this.options.appCpu);
		machine.put("load_cpu", this.options.loadCpu);
		return machine;
	}

	private static Object onlineProcessors() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter((line) -> line.startsWith("processor")).count();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String format(Object value) {
		if (value instanceof Double number) {
			return String.format(Locale.ROOT, "%.0f", number);
		}
		return String.valueOf(value);
	}

	static void log(String format, Object... args) {
		System.out.printf(Locale.ROOT, "[%tT] " + format + "%n", prepend(new java.util.Date(), args));
		System.out.flush();
	}

	private static Object[] prepend(Object first, Object[] rest) {
		Object[] all = new Object[rest.length + 1];
		all[0] = first;
		System.arraycopy(rest, 0, all, 1, rest.length);
		return all;
	}

	/** A scenario: its path and the application's counter of requests served. */
	record Scenario(String name, String path, String counter) {
	}

	@FunctionalInterface
	private interface Load {

		Map<String, Object> run() throws Exception;

	}

}
