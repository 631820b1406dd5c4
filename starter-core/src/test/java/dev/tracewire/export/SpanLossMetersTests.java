package dev.tracewire.export;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpanLossMetersTests {

	@Test
	void stopsLookingForAMissingRegistryOnceStartupIsOver() {
		AtomicInteger lookups = new AtomicInteger();
		SpanLossMeters meters = new SpanLossMeters(() -> {
			lookups.incrementAndGet();
			return null;
		});
		meters.started();
		assertThat(lookups).hasValue(1);
		meters.afterSingletonsInstantiated();
		for (int i = 0; i < 100; i++) {
			meters.started();
			meters.ended();
		}
		assertThat(lookups).hasValue(2);
	}

	@Test
	void countsInTheRegistryFoundAtStartup() {
		MeterRegistry registry = new SimpleMeterRegistry();
		SpanLossMeters meters = new SpanLossMeters(() -> registry);
		meters.afterSingletonsInstantiated();
		meters.started();
		meters.exported("otlp", 3);
		assertThat(registry.get(SpanLossMeters.STARTED).counter().count()).isEqualTo(1);
		assertThat(registry.get(SpanLossMeters.EXPORTED).tag("exporter", "otlp").counter().count()).isEqualTo(3);
	}

}
