package dev.tracewire.reactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tracewire.testapp.Boundary;
import dev.tracewire.test.TestSpans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the conformance matrix against a setup that is measured rather than required to pass (Spring Boot's
 * built-in tracing without Tracewire), writes the results as a Markdown table to {@code target/}, and checks that
 * they are still the ones the README reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BoundaryMatrixMeasurement {

	private final Map<Boundary, BoundaryMatrix.Verdict> results = new EnumMap<>(Boundary.class);

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	/**
	 * Returns the setup, as the column header of the report.
	 * @return the setup
	 */
	abstract String setup();

	/**
	 * Returns the file name of the report in {@code target/}.
	 * @return the file name
	 */
	abstract String reportName();

	/**
	 * Returns the boundaries that passed when the README was written.
	 * @return the passing boundaries
	 */
	abstract Set<Boundary> passingAsReported();

	@ParameterizedTest(name = "measures {0}")
	@EnumSource(Boundary.class)
	void measuresBoundary(Boundary boundary) {
		this.results.put(boundary, new BoundaryMatrix(this.port, this.spans).cross(boundary));
	}

	@AfterAll
	void resultsAreStillWhatTheReadmeReports() throws IOException {
		Path report = Path.of("target", reportName());
		StringBuilder table = new StringBuilder(BoundaryMatrix.Verdict.header(setup())).append('\n');
		this.results.forEach((boundary, verdict) -> table.append(verdict.row(boundary.title())).append('\n'));
		Files.createDirectories(report.getParent());
		Files.writeString(report, table);
		Set<Boundary> passing = this.results.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().passed())
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
		assertThat(this.results).hasSize(Boundary.values().length);
		assertThat(passing).as("boundaries that pass with " + setup() + "; see " + report)
			.containsExactlyInAnyOrderElementsOf(passingAsReported());
	}

}
