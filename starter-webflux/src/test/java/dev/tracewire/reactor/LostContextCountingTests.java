package dev.tracewire.reactor;

import dev.tracewire.context.LostContextRecorder;
import dev.tracewire.testapp.Boundary;
import dev.tracewire.testapp.TestApplication;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Tracewire's default of automatic context propagation, the whole matrix keeps its context and nothing is
 * counted as lost (the counting itself is shown with limited propagation in
 * {@link LostContextWithLimitedPropagationTests} and {@link LostContextDetectionTests}).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.ANNOTATIONS, TestApplication.EXCLUDED_WEB_CLIENT })
@TracewireTest
class LostContextCountingTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	TestSpans spans;

	@Test
	void countsNothingAcrossTheMatrixWithAutomaticPropagation() {
		assertThat(Hooks.isAutomaticContextPropagationEnabled()).isTrue();
		double before = totalLost(this.meterRegistry);
		for (Boundary boundary : Boundary.values()) {
			this.spans.reset();
			assertThat(new BoundaryMatrix(this.port, this.spans).cross(boundary).problems()).as(boundary.title())
				.isEmpty();
		}
		assertThat(totalLost(this.meterRegistry) - before).isZero();
	}

	static double totalLost(MeterRegistry meterRegistry) {
		return meterRegistry.find(LostContextRecorder.METER_NAME)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	static double lost(MeterRegistry meterRegistry, String boundary) {
		Counter counter = meterRegistry.find(LostContextRecorder.METER_NAME)
			.tag(LostContextRecorder.BOUNDARY_TAG, boundary)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
