package dev.tracewire.bench.macro.tools;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One running instance of the application, pinned to the application core with {@code taskset}, with its
 * variant's flags; its console goes to a file. Reads the bench figures over the plain stats socket.
 */
final class App implements AutoCloseable {

	static final int HTTP_PORT = 18481;

	static final int STATS_PORT = 18491;

	private static final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(2))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final Process process;

	private final long startNanos;

	private App(Process process, long startNanos) {
		this.process = process;
		this.startNanos = startNanos;
	}

	/**
	 * Starts the application; returns at once (see {@link #awaitFirstOk}).
	 */
	static App start(Variant variant, int cpu, List<String> heapArgs, List<String> infraArgs, Path runDirectory)
			throws IOException {
		java.nio.file.Files.createDirectories(runDirectory);
		List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu), "java"));
		command.addAll(heapArgs);
		command.addAll(variant.jvmArgs());
		command.addAll(List.of("-jar", variant.jar().toString()));
		command.addAll(variant.appArgs());
		command.addAll(infraArgs);
		command.add("--server.port=" + HTTP_PORT);
		command.add("--bench.stats-port=" + STATS_PORT);
		command.add("--logging.file.name=" + runDirectory.resolve("app.log"));
		java.nio.file.Files.writeString(runDirectory.resolve("command.txt"), String.join(" ", command) + "\n");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(runDirectory.resolve("console.log").toFile());
		long start = System.nanoTime();
		return new App(builder.start(), start);
	}

	/**
	 * Polls {@code GET path} until it answers 200.
	 * @return milliseconds from the process start to the first 200
	 */
	double awaitFirstOk(String path, Duration timeout) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + path))
			.timeout(Duration.ofSeconds(5))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException("Application exited with " + this.process.exitValue() + " before answering");
			}
			try {
				HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return (System.nanoTime() - this.startNanos) / 1e6;
				}
			}
			catch (ConnectException ex) {
				// Not listening yet.
			}
			catch (IOException ex) {
				// Connection reset while starting: try again.
			}
			Thread.sleep(10);
		}
		throw new IOException("No 200 from " + path + " within " + timeout);
	}

	/** Sends {@code count} requests one after the other; returns how many answered 200. */
	static int sequential(String path, int count) throws InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + path))
			.timeout(Duration.ofSeconds(10))
			.build();
		int ok = 0;
		for (int i = 0; i < count; i++) {
			try {
				if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					ok++;
				}
			}
			catch (IOException ex) {
				// Counted as not ok.
			}
		}
		return ok;
	}

	long pid() {
		return this.process.pid();
	}

	Map<String, Long> stats() throws IOException {
		Map<String, Long> values = new LinkedHashMap<>();
		ask("stats").forEach((key, value) -> values.put(key, Long.parseLong(value)));
		return values;
	}

	Map<String, String> info() throws IOException {
		return ask("info");
	}

	private static Map<String, String> ask(String command) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), STATS_PORT)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	static Map<String, String> parse(String lines) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : lines.split("\n")) {
			int equals = line.indexOf('=');
			if (equals > 0) {
				values.put(line.substring(0, equals), line.substring(equals + 1));
			}
		}
		return values;
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
	}

}
