package dev.tracewire.bench.macro.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The application jars a run measures, copied into {@code <out>/jars} when the run starts. A run takes 10-13 hours
 * over several sessions; in between, any build of the repository ({@code ./mvnw verify} repackages the application)
 * or a new install of the starters would otherwise change what the rest of the run measures. With
 * {@code --resume} the copies are used as they are; their checksums and the commit they were built from are in
 * {@code results.json} ({@code measured}) and must still match.
 *
 * @param main the main application jar (every variant but the OpenTelemetry starter's)
 * @param otelStarter the OpenTelemetry starter's jar, or {@code null} when it did not build
 * @param commit the commit (and whether the tree had changes) the jars were built from, as {@code run.sh} saw it
 */
record MeasuredJars(Path main, @Nullable Path otelStarter, String commit) {

	private static final String COMMIT_FILE = "commit.txt";

	/**
	 * Copies the jars into {@code directory}, or with {@code resume}, takes the copies already there (a run
	 * resumed before any copy was made starts afresh, and copies).
	 * @param directory where the copies live ({@code <out>/jars})
	 * @param main the main application jar as built
	 * @param otelStarter the OpenTelemetry starter's jar as built, or {@code null}
	 * @param commit what the jars were built from
	 * @param resume whether the run is resumed
	 * @return the jars to measure
	 * @throws IOException if copying fails
	 */
	static MeasuredJars pin(Path directory, Path main, @Nullable Path otelStarter, String commit, boolean resume)
			throws IOException {
		Path pinnedMain = directory.resolve(main.getFileName());
		if (resume && Files.exists(pinnedMain)) {
			Path pinnedOtel = (otelStarter != null) ? directory.resolve(otelStarter.getFileName()) : null;
			return new MeasuredJars(pinnedMain, (pinnedOtel != null && Files.exists(pinnedOtel)) ? pinnedOtel : null,
					Files.readString(directory.resolve(COMMIT_FILE), StandardCharsets.UTF_8).trim());
		}
		if (!Files.exists(main)) {
			throw new IllegalStateException("No application jar at " + main + ": build it first (run.sh does)");
		}
		Files.createDirectories(directory);
		try (var stream = Files.list(directory)) {
			for (Path old : stream.toList()) {
				Files.delete(old);
			}
		}
		Files.copy(main, pinnedMain, StandardCopyOption.COPY_ATTRIBUTES);
		Path pinnedOtel = null;
		if (otelStarter != null && Files.exists(otelStarter)) {
			pinnedOtel = directory.resolve(otelStarter.getFileName());
			Files.copy(otelStarter, pinnedOtel, StandardCopyOption.COPY_ATTRIBUTES);
		}
		Files.writeString(directory.resolve(COMMIT_FILE), commit + "\n", StandardCharsets.UTF_8);
		return new MeasuredJars(pinnedMain, pinnedOtel, commit);
	}

	/**
	 * Copies a baseline jar into {@code directory} as {@code baseline-<name>}, unless that copy is there already (a
	 * resumed run keeps measuring the copy it started with; a new run's {@link #pin} removed older ones).
	 * @param directory where the run's copies live ({@code <out>/jars})
	 * @param jar the baseline application jar
	 * @return the copy to measure
	 * @throws IOException if copying fails
	 */
	static Path pinBaseline(Path directory, Path jar) throws IOException {
		Path pinned = directory.resolve("baseline-" + jar.getFileName());
		if (!Files.exists(pinned)) {
			if (!Files.exists(jar)) {
				throw new IllegalStateException("No baseline jar at " + jar);
			}
			Files.copy(jar, pinned, StandardCopyOption.COPY_ATTRIBUTES);
		}
		return pinned;
	}

	/**
	 * What is recorded in {@code results.json}: the commit, and each jar's name and SHA-256.
	 * @return the description
	 * @throws IOException if a jar cannot be read
	 */
	Map<String, Object> describe() throws IOException {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("commit", this.commit);
		described.put(this.main.getFileName().toString(), sha256(this.main));
		if (this.otelStarter != null) {
			described.put(this.otelStarter.getFileName().toString(), sha256(this.otelStarter));
		}
		return described;
	}

	static String sha256(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				digest.update(buffer, 0, read);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
