package dev.tracewire.bench.macro.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's settings: {@code --quick} for a smoke run of a few seconds per step, otherwise the full method of
 * issue 8; every value can be overridden ({@code --name value}).
 */
final class Options {

	boolean quick;

	/** Continue the run saved in {@code results.json} of the output directory: skip what it already measured. */
	boolean resume;

	int reps;

	int startupRuns;

	double warmupMinSeconds;

	double warmupMaxSeconds;

	/** S3's minimum warm-up: its throughput climbs in steps, with plateaus that look steady (see README). */
	double warmupMinS3Seconds;

	double warmupChunkSeconds;

	double steadyTolerance;

	double measureSeconds;

	double fixedWarmupSeconds;

	double fixedSeconds;

	/** How long the fixed-rate driver runs, unrecorded, before its first window of the run. */
	double driverWarmupSeconds;

	int calibrationRequests;

	long exportDelayMillis;

	List<Double> fractions = List.of(0.5, 0.8);

	int connections = 32;

	int maxInFlight = 128;

	int appCpu = 0;

	int loadCpu = 1;

	int sinkPort = 14318;

	int postgresPort = 15491;

	List<String> heap = List.of("-Xms512m", "-Xmx512m");

	List<String> onlyVariants = List.of();

	List<String> scenarios = List.of("S1", "S2", "S3");

	Path out = Path.of("bench/macro/target");

	Path mainJar = Path.of("bench/macro/app/target/macro-app.jar");

	Path otelStarterJar;

	/** An application jar built from earlier code, measured as {@code tracewire-baseline} when that is named. */
	Path baselineJar;

	String otelStarterVersion = "";

	String otelStarterStatus = "not tried";

	/** The commit the jars are built from (run.sh passes it); recorded, not part of the method. */
	String commit = "unknown";

	List<Map.Entry<String, Path>> agents = new ArrayList<>();

	private Options(boolean quick) {
		this.quick = quick;
		if (quick) {
			this.reps = 1;
			this.startupRuns = 2;
			this.warmupMinSeconds = 3;
			this.warmupMaxSeconds = 5;
			this.warmupMinS3Seconds = 3;
			this.warmupChunkSeconds = 1;
			this.steadyTolerance = 0.10;
			this.measureSeconds = 3;
			this.fixedWarmupSeconds = 1;
			this.fixedSeconds = 3;
			this.driverWarmupSeconds = 3;
			this.calibrationRequests = 10;
			this.exportDelayMillis = 1000;
		}
		else {
			this.reps = 5;
			this.startupRuns = 10;
			this.warmupMinSeconds = 60;
			// S3 on one core levels off only after 200-250 s of JIT warm-up (see README).
			this.warmupMaxSeconds = 300;
			// and it climbs in steps: plateaus at 70 s and 190 s looked steady for 30 s at a third of its speed.
			this.warmupMinS3Seconds = 300;
			this.warmupChunkSeconds = 10;
			this.steadyTolerance = 0.03;
			this.measureSeconds = 30;
			this.fixedWarmupSeconds = 5;
			this.fixedSeconds = 30;
			this.driverWarmupSeconds = 30;
			this.calibrationRequests = 20;
			this.exportDelayMillis = 0;
		}
	}

	static Options parse(String[] args) throws java.io.IOException {
		boolean quick = List.of(args).contains("--quick");
		Options options = new Options(quick);
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (name.equals("--quick")) {
				continue;
			}
			if (name.equals("--resume")) {
				options.resume = true;
				continue;
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("Missing value for " + name);
			}
			String value = args[++i];
			switch (name) {
				case "--reps" -> options.reps = Integer.parseInt(value);
				case "--startup-runs" -> options.startupRuns = Integer.parseInt(value);
				case "--warmup-min" -> options.warmupMinSeconds = Double.parseDouble(value);
				case "--warmup-max" -> options.warmupMaxSeconds = Double.parseDouble(value);
				case "--warmup-min-s3" -> options.warmupMinS3Seconds = Double.parseDouble(value);
				case "--warmup-chunk" -> options.warmupChunkSeconds = Double.parseDouble(value);
				case "--steady-tolerance" -> options.steadyTolerance = Double.parseDouble(value);
				case "--measure" -> options.measureSeconds = Double.parseDouble(value);
				case "--fixed-warmup" -> options.fixedWarmupSeconds = Double.parseDouble(value);
				case "--fixed" -> options.fixedSeconds = Double.parseDouble(value);
				case "--driver-warmup" -> options.driverWarmupSeconds = Double.parseDouble(value);
				case "--calibration-requests" -> options.calibrationRequests = Integer.parseInt(value);
				case "--export-delay-ms" -> options.exportDelayMillis = Long.parseLong(value);
				case "--fractions" -> options.fractions = split(value).stream().map(Double::parseDouble).toList();
				case "--connections" -> options.connections = Integer.parseInt(value);
				case "--max-in-flight" -> options.maxInFlight = Integer.parseInt(value);
				case "--app-cpu" -> options.appCpu = Integer.parseInt(value);
				case "--load-cpu" -> options.loadCpu = Integer.parseInt(value);
				case "--sink-port" -> options.sinkPort = Integer.parseInt(value);
				case "--postgres-port" -> options.postgresPort = Integer.parseInt(value);
				case "--heap" -> options.heap = List.of(value.trim().split("\\s+"));
				case "--variants" -> options.onlyVariants = split(value);
				case "--scenarios" -> options.scenarios = split(value);
				case "--out" -> options.out = Path.of(value);
				case "--main-jar" -> options.mainJar = Path.of(value);
				case "--baseline-jar" -> options.baselineJar = Path.of(value);
				case "--otel-starter-jar" -> options.otelStarterJar = Files.exists(Path.of(value)) ? Path.of(value) : null;
				case "--otel-starter-version" -> options.otelStarterVersion = value;
				case "--commit" -> options.commit = value;
				case "--otel-starter-status" -> options.otelStarterStatus = Files.exists(Path.of(value))
						? Files.readString(Path.of(value)).trim() : value;
				case "--agent" -> {
					int equals = value.indexOf('=');
					options.agents.add(Map.entry(value.substring(0, equals), Path.of(value.substring(equals + 1))));
				}
				default -> throw new IllegalArgumentException("Unknown option " + name);
			}
		}
		return options;
	}

	/** How long no new span must arrive before a window is closed: the export delay plus a margin. */
	long quietMillis() {
		return ((this.exportDelayMillis > 0) ? this.exportDelayMillis : 5000) + 1500;
	}

	Map<String, Object> describe() {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("mode", this.quick ? "quick" : "full");
		described.put("reps", this.reps);
		described.put("startup_runs", this.startupRuns);
		described.put("warmup_s", List.of(this.warmupMinSeconds, this.warmupMaxSeconds));
		described.put("warmup_min_s3_s", this.warmupMinS3Seconds);
		described.put("warmup_chunk_s", this.warmupChunkSeconds);
		described.put("steady_tolerance", this.steadyTolerance);
		described.put("measure_s", this.measureSeconds);
		described.put("fixed_rate_warmup_s", this.fixedWarmupSeconds);
		described.put("fixed_rate_s", this.fixedSeconds);
		described.put("driver_warmup_s", this.driverWarmupSeconds);
		described.put("fixed_rate_fractions_of_none", this.fractions);
		described.put("calibration_requests", this.calibrationRequests);
		described.put("export_schedule_delay_ms", (this.exportDelayMillis > 0) ? this.exportDelayMillis : "defaults");
		described.put("wrk", "-t1 -c" + this.connections);
		described.put("fixed_rate_connections", this.connections);
		described.put("fixed_rate_max_in_flight", this.maxInFlight);
		described.put("heap", this.heap);
		described.put("scenarios", this.scenarios);
		return described;
	}

	String sinkUrl() {
		return "http://127.0.0.1:" + this.sinkPort + "/v1/traces";
	}

	private static List<String> split(String value) {
		return List.of(value.split(",")).stream().map(String::trim).filter((item) -> !item.isEmpty()).toList();
	}

}
