package dev.tracewire.test;

import java.util.ArrayDeque;
import java.util.Deque;

import dev.tracewire.test.app.Checkout;
import dev.tracewire.test.app.TracedApplication;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@link TracewireTestExtension} running fixture test classes through the JUnit Platform test kit.
 *
 * <p>The fixtures are static nested classes, which neither Surefire nor a class selector on this class picks up,
 * and they only run when {@value #FIXTURES} is set, as {@link #run(DiscoverySelector)} does. Leaky fixtures leave
 * their scopes in {@link #leaks}; each test closes them afterwards on the same thread, in reverse order, so that
 * the leak does not spill into other tests.
 */
class TracewireTestExtensionTests {

	static final String FIXTURES = "tracewire.test.fixtures";

	static final Deque<AutoCloseable> leaks = new ArrayDeque<>();

	@AfterEach
	void closeLeaks() throws Exception {
		while (!leaks.isEmpty()) {
			leaks.pop().close();
		}
	}

	@Test
	void failsATestThatLeavesAnOpenTelemetryScopeOpen() {
		Events tests = run(selectMethod(Leaky.class, "leavesOpenTelemetryScopeOpen"));

		tests.assertStatistics((stats) -> stats.started(1).failed(1));
		tests.assertThatEvents()
			.haveExactly(1, event(test("leavesOpenTelemetryScopeOpen"), finishedWithFailure(
					instanceOf(AssertionError.class),
					message((text) -> text.startsWith("Test leavesOpenTelemetryScopeOpen() leaked tracing context")
							&& text.contains("OpenTelemetry context") && text.contains("Scope was not closed")))));
	}

	@Test
	void failsATestThatLeavesAMicrometerSpanInScope() {
		Events tests = run(selectMethod(Leaky.class, "leavesMicrometerSpanInScope"));

		tests.assertStatistics((stats) -> stats.started(1).failed(1));
		tests.assertThatEvents()
			.haveExactly(1, event(test("leavesMicrometerSpanInScope"),
					finishedWithFailure(instanceOf(AssertionError.class),
							message((text) -> text.contains("Micrometer span")
									&& text.contains("Tracer.SpanInScope was not closed")))));
	}

	@Test
	void failsATestThatLeavesAnObservationScopeOpen() {
		Events tests = run(selectMethod(Leaky.class, "leavesObservationScopeOpen"));

		tests.assertStatistics((stats) -> stats.started(1).failed(1));
		tests.assertThatEvents()
			.haveExactly(1, event(test("leavesObservationScopeOpen"),
					finishedWithFailure(instanceOf(AssertionError.class),
							message((text) -> text.contains("Observation")
									&& text.contains("Observation.Scope was not closed")))));
	}

	@Test
	void passesTestsThatCloseTheirScopesAndResetsSpansBetweenThem() {
		Events tests = run(selectClass(CleanAfterSpringExtension.class));

		tests.assertStatistics((stats) -> stats.started(2).succeeded(2));
	}

	@Test
	void worksWhenRegisteredBeforeTheSpringExtension() {
		Events tests = run(selectClass(CleanBeforeSpringExtension.class));

		tests.assertStatistics((stats) -> stats.started(2).succeeded(2));
	}

	@Test
	void toleratesAContextWithoutTracingBeans() {
		Events tests = run(selectClass(WithoutTracingBeans.class));

		tests.assertStatistics((stats) -> stats.started(1).succeeded(1));
	}

	private static Events run(DiscoverySelector selector) {
		System.setProperty(FIXTURES, "true");
		try {
			return EngineTestKit.engine("junit-jupiter").selectors(selector).execute().testEvents();
		}
		finally {
			System.clearProperty(FIXTURES);
		}
	}

	@SpringBootTest(classes = TracedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	@TracewireTest
	@EnabledIfSystemProperty(named = FIXTURES, matches = "true")
	static class Leaky {

		private static final ContextKey<String> KEY = ContextKey.named("leaky");

		@Autowired
		Tracer tracer;

		@Autowired
		ObservationRegistry observationRegistry;

		@Test
		void leavesOpenTelemetryScopeOpen() {
			Scope scope = Context.current().with(KEY, "value").makeCurrent();
			leaks.push(scope);
		}

		@Test
		void leavesMicrometerSpanInScope() {
			Span span = this.tracer.nextSpan().name("leaky").start();
			Tracer.SpanInScope inScope = this.tracer.withSpan(span);
			leaks.push(() -> {
				inScope.close();
				span.end();
			});
		}

		@Test
		void leavesObservationScopeOpen() {
			Observation observation = Observation.start("leaky", this.observationRegistry);
			Observation.Scope scope = observation.openScope();
			leaks.push(() -> {
				scope.close();
				observation.stop();
			});
		}

	}

	/**
	 * Two tests that each expect to see only their own span: the second fails unless spans are reset.
	 */
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	abstract static class Clean {

		@Autowired
		TestSpans spans;

		@Autowired
		Checkout checkout;

		@Test
		@Order(1)
		void firstTest() {
			this.checkout.step("first");
			assertThat(this.spans).hasSize(1).span("first");
		}

		@Test
		@Order(2)
		void secondTest() {
			// Opens and closes a scope around the step: a test that cleans up passes.
			Context.current().with(ContextKey.named("closed"), "value").wrap(() -> this.checkout.step("second")).run();
			assertThat(this.spans).hasSize(1).span("second");
		}

	}

	// @SpringBootTest's SpringExtension is registered first, ours second.
	@SpringBootTest(classes = TracedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	@TracewireTest
	@EnabledIfSystemProperty(named = FIXTURES, matches = "true")
	static class CleanAfterSpringExtension extends Clean {

	}

	// Ours is registered first, the SpringExtension second.
	@TracewireTest
	@SpringBootTest(classes = TracedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	@EnabledIfSystemProperty(named = FIXTURES, matches = "true")
	static class CleanBeforeSpringExtension extends Clean {

	}

	@SpringJUnitConfig(WithoutTracingBeans.EmptyConfiguration.class)
	@ExtendWith(TracewireTestExtension.class)
	@EnabledIfSystemProperty(named = FIXTURES, matches = "true")
	static class WithoutTracingBeans {

		@Test
		void runs() {
		}

		@Configuration(proxyBeanMethods = false)
		static class EmptyConfiguration {

		}

	}

}
