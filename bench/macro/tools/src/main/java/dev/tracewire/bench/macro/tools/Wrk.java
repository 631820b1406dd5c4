package dev.tracewire.bench.macro.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs Debian's {@code wrk} (closed loop, for saturation throughput) and reads its totals from the line that
 * {@code report.lua} prints. {@code wrk} runs where the runner runs: on the load core.
 */
final class Wrk {

	private final Path script;

	private final int threads;

	private final int connections;

	Wrk(Path workDirectory, int threads, int connections) throws IOException {
		Files.createDirectories(workDirectory);
		this.script = workDirectory.resolve("report.lua");
		try (InputStream in = Wrk.class.getResourceAsStream("report.lua")) {
			Files.write(this.script, in.readAllBytes());
		}
		this.threads = threads;
		this.connections = connections;
	}

	int connections() {
		return this.connections;
	}

	Result run(String url, double seconds) throws IOException, InterruptedException {
		long durationMillis = Math.max(1000, Math.round(seconds * 1000));
		List<String> command = List.of("wrk", "-t" + this.threads, "-c" + this.connections,
				"-d" + (durationMillis / 1000) + "s", "--timeout", "10s", "-s", this.script.toString(), url);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		int exit = process.waitFor();
		String line = output.lines().filter((candidate) -> candidate.startsWith("WRK ")).findFirst().orElse(null);
		if (exit != 0 || line == null) {
			throw new IOException("wrk failed (exit " + exit + "): " + output);
		}
		Map<String, Long> values = new HashMap<>();
		for (String pair : line.substring(4).trim().split(" ")) {
			int equals = pair.indexOf('=');
			values.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
		}
		long errors = values.get("connect") + values.get("read") + values.get("write") + values.get("status")
				+ values.get("timeout");
		return new Result(values.get("requests"), values.get("duration_us") / 1e6, errors, values.get("p50_us"),
				values.get("p99_us"));
	}

	/** Totals of one wrk run; latencies in microseconds (closed loop: not comparable across rates). */
	record Result(long requests, double seconds, long errors, long p50Micros, long p99Micros) {

		double requestsPerSecond() {
			return this.requests / this.seconds;
		}

	}

}
