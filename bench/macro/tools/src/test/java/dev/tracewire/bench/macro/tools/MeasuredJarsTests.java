package dev.tracewire.bench.macro.tools;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MeasuredJarsTests {

	@TempDir
	Path directory;

	@Test
	void resumedRunKeepsMeasuringTheJarsItStartedWith() throws Exception {
		Path built = Files.writeString(this.directory.resolve("macro-app.jar"), "first build");
		Path pinned = this.directory.resolve("out/jars");
		MeasuredJars started = MeasuredJars.pin(pinned, built, null, "abc123", false);
		Files.writeString(built, "rebuilt in between");

		MeasuredJars resumed = MeasuredJars.pin(pinned, built, null, "def456", true);

		assertThat(resumed.main()).isEqualTo(pinned.resolve("macro-app.jar")).hasContent("first build");
		assertThat(resumed.commit()).isEqualTo("abc123");
		assertThat(resumed.describe()).isEqualTo(started.describe())
			.containsEntry("commit", "abc123")
			.containsEntry("macro-app.jar", MeasuredJars.sha256(pinned.resolve("macro-app.jar")));
	}

	@Test
	void newRunReplacesEarlierCopies() throws Exception {
		Path built = Files.writeString(this.directory.resolve("macro-app.jar"), "first build");
		Path otel = Files.writeString(this.directory.resolve("otel.jar"), "otel");
		Path pinned = this.directory.resolve("out/jars");
		MeasuredJars.pin(pinned, built, otel, "abc123", false);
		Files.writeString(built, "second build");

		MeasuredJars fresh = MeasuredJars.pin(pinned, built, this.directory.resolve("not-built.jar"), "def456", false);

		assertThat(fresh.main()).hasContent("second build");
		assertThat(fresh.otelStarter()).isNull();
		assertThat(pinned.resolve("otel.jar")).doesNotExist();
		assertThat(fresh.describe()).containsOnlyKeys("commit", "macro-app.jar").containsEntry("commit", "def456");
	}

	@Test
	void baselineIsCopiedOnceAndReplacedByANewRun() throws Exception {
		Path built = Files.writeString(this.directory.resolve("macro-app.jar"), "new code");
		Path old = Files.writeString(this.directory.resolve("old-app.jar"), "old code");
		Path pinned = this.directory.resolve("out/jars");
		MeasuredJars.pin(pinned, built, null, "abc123", false);
		Path copy = MeasuredJars.pinBaseline(pinned, old);
		Files.writeString(old, "rebuilt");

		assertThat(MeasuredJars.pinBaseline(pinned, old)).isEqualTo(copy).hasContent("old code");
		MeasuredJars.pin(pinned, built, null, "def456", false);
		assertThat(copy).doesNotExist();
		assertThat(MeasuredJars.pinBaseline(pinned, old)).hasContent("rebuilt");
	}

}
