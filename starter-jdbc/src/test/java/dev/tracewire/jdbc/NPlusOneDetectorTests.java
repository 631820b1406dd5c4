package dev.tracewire.jdbc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NPlusOneDetectorTests {

	private final AtomicInteger detections = new AtomicInteger();

	private final NPlusOneDetector detector = new NPlusOneDetector(3, Duration.ZERO, new JdbcTracingMetrics() {

		@Override
		public void nPlusOneDetected(JdbcObservationContext context) {
			NPlusOneDetectorTests.this.detections.incrementAndGet();
		}

	});

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	@Test
	void reportsOnceWhenTheThresholdIsReached() {
		Observation parent = Observation.start("parent", this.registry);
		for (int i = 0; i < 2; i++) {
			this.detector.record(parent, Span.getInvalid(), query("SELECT * FROM items WHERE id = " + i));
		}
		assertThat(this.detections).hasValue(0);
		for (int i = 0; i < 10; i++) {
			this.detector.record(parent, Span.getInvalid(), query("SELECT * FROM items WHERE id = " + i));
		}
		assertThat(this.detections).hasValue(1);
		parent.stop();
	}

	@Test
	void countsEachParentOnItsOwn() {
		for (int request = 0; request < 5; request++) {
			Observation parent = Observation.start("parent", this.registry);
			this.detector.record(parent, Span.getInvalid(), query("SELECT * FROM items WHERE id = ?"));
			this.detector.record(parent, Span.getInvalid(), query("SELECT * FROM items WHERE id = ?"));
			parent.stop();
		}
		assertThat(this.detections).hasValue(0);
	}

	@Test
	void countsNothingWithoutARealParent() {
		for (int i = 0; i < 10; i++) {
			this.detector.record(null, Span.getInvalid(), query("SELECT 1"));
			this.detector.record(Observation.NOOP, Span.getInvalid(), query("SELECT 1"));
		}
		assertThat(this.detections).hasValue(0);
	}

	@Test
	void countsABoundedNumberOfStatementsPerParent() {
		NPlusOneDetector.Counts counts = new NPlusOneDetector.Counts();
		for (int i = 0; i < 1_000; i++) {
			counts.increment("fingerprint-" + i);
		}
		assertThat(counts.size()).isEqualTo(NPlusOneDetector.MAX_STATEMENTS_PER_PARENT);
		assertThat(counts.increment("fingerprint-1")).isEqualTo(2);
		assertThat(counts.increment("fingerprint-999")).isEqualTo(-1);
	}

	private static JdbcObservationContext query(String sql) {
		JdbcObservationContext context = new JdbcObservationContext(JdbcObservationDocumentation.QUERY, "dataSource",
				DatabaseInfo.UNKNOWN);
		context.setStatement(SqlSanitizer.sanitize(sql, SqlDialect.POSTGRESQL));
		return context;
	}

}
