package dev.tracewire.sample.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the launcher started (a service or Zipkin): its output goes to a log file, it is healthy once its health
 * URL answers 200 with status UP, and it is stopped (TERM, then KILL) when the shop closes.
 */
final class ManagedProcess implements AutoCloseable {

	private static final Duration GRACE = Duration.ofSeconds(10);

	private final String name;

	private final Process process;

	private final Path log;

	private final URI health;

	private ManagedProcess(String name, Process process, Path log, URI health) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.health = health;
	}

	/**
	 * Starts a process with its output (stdout and stderr) in a log file.
	 * @param name the name shown to the user
	 * @param command the command line
	 * @param environment variables to set ({@code null} values remove a variable)
	 * @param log the log file, replaced
	 * @param health the URL that answers 200 once the process is ready
	 * @return the running process
	 * @throws IOException if it cannot be started
	 */
	static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path log,
			URI health) throws IOException {
		Files.createDirectories(log.getParent());
		Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.PIPE);
		environment.forEach((key, value) -> {
			if (value == null) {
				builder.environment().remove(key);
			}
			else {
				builder.environment().put(key, value);
			}
		});
		return new ManagedProcess(name, builder.start(), log, health);
	}

	String name() {
		return this.name;
	}

	Path log() {
		return this.log;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Returns whether the process has ended.
	 * @return whether it exited
	 */
	boolean exited() {
		return !this.process.isAlive();
	}

	/**
	 * Returns the exit code of an ended process.
	 * @return the exit code
	 */
	int exitCode() {
		return this.process.exitValue();
	}

	/**
	 * Asks the health URL once.
	 * @param http the client
	 * @return whether the process reported itself UP
	 */
	boolean isHealthy(HttpClient http) {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(this.health).timeout(Duration.ofSeconds(2)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Returns the last lines of the log.
	 * @param lines how many
	 * @return the lines, oldest first
	 */
	List<String> tail(int lines) {
		try (RandomAccessFile file = new RandomAccessFile(this.log.toFile(), "r")) {
			long length = file.length();
			long start = Math.max(0, length - 64 * 1024);
			byte[] bytes = new byte[(int) (length - start)];
			file.seek(start);
			file.readFully(bytes);
			List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
			return all.subList(Math.max(0, all.size() - lines), all.size());
		}
		catch (IOException ex) {
			return List.of("(cannot read " + this.log + ": " + ex.getMessage() + ")");
		}
	}

	/**
	 * Asks the process to stop (SIGTERM), without waiting.
	 */
	void stopAsync() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
	}

	/**
	 * Stops the process: TERM, a grace period, then KILL.
	 */
	@Override
	public void close() {
		stopAsync();
		try {
			if (!this.process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
