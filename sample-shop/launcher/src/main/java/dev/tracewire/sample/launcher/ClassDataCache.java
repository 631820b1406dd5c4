package dev.tracewire.sample.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Makes later starts of a service (or Zipkin) cheaper: its jar extracted (Boot's {@code -Djarmode=tools extract},
 * no nested jars to open) and a dynamic class-data archive (AppCDS) recorded by one training start of it. A process
 * starts from here only when the archive was made from the same jar by the same JVM with the same flags; otherwise
 * it starts from its jar as usual. On a 2-core machine this roughly halves the CPU time of each start.
 */
final class ClassDataCache {

	private static final String ARCHIVE = "app.jsa";

	private static final String STAMP = "stamp";

	private final Path directory;

	private final Set<Process> running = ConcurrentHashMap.newKeySet();

	private volatile boolean stopped;

	/**
	 * Creates a cache.
	 * @param directory where extracted jars and archives go, one sub-directory per service
	 */
	ClassDataCache(Path directory) {
		this.directory = directory;
	}

	/**
	 * Returns what follows the JVM flags of a process's command: the archive and the extracted jar when they are
	 * up to date, else the jar itself.
	 * @param name the process ({@code zipkin} or a service's directory)
	 * @param jar its executable jar
	 * @return {@code -XX:SharedArchiveFile=... -jar <extracted>} or {@code -jar <jar>}
	 */
	List<String> launch(String name, Path jar) {
		if (isReady(name, jar)) {
			Path root = root(name);
			return List.of("-XX:SharedArchiveFile=" + root.resolve(ARCHIVE), "-jar",
					root.resolve(jar.getFileName()).toString());
		}
		return List.of("-jar", jar.toString());
	}

	/**
	 * Returns whether a process starts from the cache.
	 * @param name the process
	 * @param jar its jar
	 * @return whether the archive is up to date
	 */
	boolean isReady(String name, Path jar) {
		Path root = root(name);
		try {
			return Files.isRegularFile(root.resolve(ARCHIVE)) && Files.isRegularFile(root.resolve(jar.getFileName()))
					&& Files.isRegularFile(root.resolve(STAMP))
					&& Files.readString(root.resolve(STAMP)).equals(stamp(jar));
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Extracts a Spring Boot jar and records its archive with one training start that ends once the application
	 * context is refreshed ({@code spring.context.exit=onRefresh}: no web server or Kafka listener starts).
	 * @param name the process
	 * @param jar its jar
	 * @param arguments its application arguments (a service's training start needs its database and Kafka)
	 * @param log where the training start's output goes
	 * @return whether the archive was made
	 * @throws InterruptedException if interrupted (the half-made cache is removed)
	 */
	boolean prepare(String name, Path jar, List<String> arguments, Path log) throws InterruptedException {
		Path root = root(name);
		try {
			delete(root);
			Files.createDirectories(root);
			List<String> extract = List.of(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
					"--destination", root.toString());
			if (!run(extract, log, false) || !Files.isRegularFile(root.resolve(jar.getFileName()))) {
				return false;
			}
			List<String> train = new ArrayList<>();
			train.add(java());
			train.addAll(Shop.JVM_FLAGS);
			train.add("-XX:ArchiveClassesAtExit=" + root.resolve(ARCHIVE));
			train.add("-Dspring.context.exit=onRefresh");
			train.add("-jar");
			train.add(root.resolve(jar.getFileName()).toString());
			train.addAll(arguments);
			if (!run(train, log, true) || !Files.isRegularFile(root.resolve(ARCHIVE))) {
				return false;
			}
			Files.writeString(root.resolve(STAMP), stamp(jar), StandardCharsets.UTF_8);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			deleteQuietly(root);
			throw ex;
		}
	}

	/**
	 * Stops a preparation under way and refuses new ones (the shop is closing).
	 */
	void stop() {
		this.stopped = true;
		this.running.forEach(Process::destroyForcibly);
	}

	private boolean run(List<String> command, Path log, boolean append) throws IOException, InterruptedException {
		if (this.stopped) {
			return false;
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile())
					: ProcessBuilder.Redirect.to(log.toFile()));
		Process process = builder.start();
		this.running.add(process);
		try {
			if (!process.waitFor(3, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				return false;
			}
			return process.exitValue() == 0;
		}
		finally {
			this.running.remove(process);
			if (process.isAlive()) {
				process.destroyForcibly();
			}
		}
	}

	private Path root(String name) {
		return this.directory.resolve(name);
	}

	private static String stamp(Path jar) throws IOException {
		return Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + " "
				+ System.getProperty("java.home") + " " + System.getProperty("java.vm.version") + " "
				+ String.join(" ", Shop.JVM_FLAGS);
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static void deleteQuietly(Path root) {
		try {
			delete(root);
		}
		catch (IOException ex) {
			// the stamp is gone or never written, so the cache is not used
		}
	}

	private static void delete(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		Files.walkFileTree(root, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				Files.delete(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
				Files.delete(dir);
				return FileVisitResult.CONTINUE;
			}

		});
	}

}
