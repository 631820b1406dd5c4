package dev.tracewire.reactor;

import dev.tracewire.testapp.Boundary;
import dev.tracewire.testapp.Observed;
import dev.tracewire.testapp.TestApplication;
import dev.tracewire.test.TracewireTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Hooks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that sets {@code spring.reactor.context-propagation=limited} itself keeps it (Tracewire's
 * {@code auto} is only a default), and Tracewire counts each thread hop where the request's reactive work loses
 * its trace context, naming the operator, and logs where at DEBUG.
 */
@Tag(BootAloneBoundaryMatrixTests.TAG)
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.reactor.context-propagation=limited", "logging.level.dev.tracewire.context.lost=debug",
				TestApplication.ANNOTATIONS })
@TracewireTest
@ExtendWith(OutputCaptureExtension.class)
class LostContextWithLimitedPropagationTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	Environment environment;

	@Test
	void applicationsOwnPropagationSettingWins() {
		assertThat(this.environment.getProperty("spring.reactor.context-propagation")).isEqualTo("limited");
		assertThat(Hooks.isAutomaticContextPropagationEnabled()).isFalse();
	}

	@Test
	void countsTheHopWhereRequestWorkLosesItsContext(CapturedOutput output) {
		assertLostAt(Boundary.MONO_DELAY, "reactor.delay", 1);
		assertLostAt(Boundary.FROM_CALLABLE_ON_BOUNDED_ELASTIC, "reactor.subscribeOnCallable", 1);
		// Once per subscription: each of the two rails is one.
		assertLostAt(Boundary.PARALLEL_RUN_ON, "reactor.runOn", 2);
		assertThat(output).contains("Reactive work without trace context after 'reactor.delay' on thread 'parallel-");
	}

	private void assertLostAt(Boundary boundary, String operator, int times) {
		double before = LostContextCountingTests.lost(this.meterRegistry, operator);
		Observed[] observed = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri(boundary.path())
			.retrieve()
			.bodyToMono(Observed[].class)
			.block();
		assertThat(observed).allSatisfy((seen) -> assertThat(seen.traceId()).isEqualTo("none"));
		assertThat(LostContextCountingTests.lost(this.meterRegistry, operator) - before).as(operator).isEqualTo(times);
	}

}
