package dev.tracewire.reactor;

import java.util.EnumSet;
import java.util.Set;

import dev.tracewire.testapp.Boundary;
import dev.tracewire.testapp.TestApplication;
import dev.tracewire.test.TracewireTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The conformance matrix against Spring Boot's built-in tracing with the one setting Tracewire changes for
 * Reactor made by hand ({@code spring.reactor.context-propagation=auto}), Tracewire switched off: shows how much of
 * the matrix that setting alone is worth.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "tracewire.enabled=false", "spring.reactor.context-propagation=auto",
				TestApplication.ANNOTATIONS })
@TracewireTest
class BootWithAutoPropagationBoundaryMatrixTests extends BoundaryMatrixMeasurement {

	@Override
	String setup() {
		return "Boot 4.1 alone, auto set by hand";
	}

	@Override
	String reportName() {
		return "boundary-matrix-boot-auto.md";
	}

	// As measured with Spring Boot 4.1.0 and Reactor 3.8.6.
	@Override
	Set<Boundary> passingAsReported() {
		return EnumSet.allOf(Boundary.class);
	}

}
