package dev.tracewire.reactor;

import java.util.Set;

import dev.tracewire.testapp.Boundary;
import dev.tracewire.testapp.TestApplication;
import dev.tracewire.test.TracewireTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import reactor.core.publisher.Hooks;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance matrix against Spring Boot's built-in tracing alone, as a Boot application has it out of the
 * box: Tracewire switched off, Boot's default {@code limited} context propagation.
 * <p>
 * Runs in a JVM of its own (tag {@value #TAG}): Reactor's automatic context propagation is a global switch that a
 * Tracewire context in the same JVM would have turned on.
 */
@Tag(BootAloneBoundaryMatrixTests.TAG)
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tracewire.enabled=false", TestApplication.ANNOTATIONS })
@TracewireTest
class BootAloneBoundaryMatrixTests extends BoundaryMatrixMeasurement {

	/**
	 * Tag of the tests that need Reactor's global context propagation left at Boot's default.
	 */
	static final String TAG = "limited-propagation";

	@BeforeAll
	void reactorPropagationIsBootsDefault() {
		assertThat(Hooks.isAutomaticContextPropagationEnabled()).as("automatic context propagation").isFalse();
	}

	@Override
	String setup() {
		return "Boot 4.1 alone (limited)";
	}

	@Override
	String reportName() {
		return "boundary-matrix-boot-alone.md";
	}

	// As measured with Spring Boot 4.1.0 and Reactor 3.8.6.
	@Override
	Set<Boundary> passingAsReported() {
		return Set.of();
	}

}
