package dev.tracewire.context;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.observation.NullObservation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ObservationScopeAccessor} against Micrometer's own accessor: the same current observation, span and
 * handler-visible scopes after every transition, with fewer scopes opened where nothing would change.
 */
class ObservationScopeAccessorTests {

	private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();

	private final Tracer tracer = new OtelTracer(this.tracerProvider.get("test"), new OtelCurrentTraceContext(),
			(event) -> {
			});

	private final ScopeCounter scopes = new ScopeCounter();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private ThreadLocalAccessor<Observation> accessor;

	@BeforeAll
	static void registerAccessor() {
		ObservationScopeAccessor.register();
	}

	@BeforeEach
	@SuppressWarnings("unchecked")
	void setUp() {
		this.registry.observationConfig()
			.observationHandler(new DefaultTracingObservationHandler(this.tracer))
			.observationHandler(this.scopes);
		this.accessor = (ThreadLocalAccessor<Observation>) ContextRegistry.getInstance()
			.getThreadLocalAccessors()
			.stream()
			.filter((candidate) -> ObservationThreadLocalAccessor.KEY.equals(candidate.key()))
			.findFirst()
			.orElseThrow();
	}

	@AfterEach
	void nothingIsLeftCurrent() {
		assertThat(this.registry.getCurrentObservationScope()).isNull();
		assertThat(Span.current().getSpanContext().isValid()).isFalse();
		this.tracerProvider.close();
	}

	@Test
	void isRegisteredUnderMicrometersKeyOnce() {
		assertThat(this.accessor).isInstanceOf(ObservationScopeAccessor.class);
		assertThat(ObservationScopeAccessor.register()).isFalse();
		assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
			.filteredOn((candidate) -> ObservationThreadLocalAccessor.KEY.equals(candidate.key()))
			.hasSize(1);
	}

	@Test
	void settingTheCurrentObservationOpensNoScopeAndItsRestoreClosesNone() {
		Observation observation = Observation.start("work", this.registry);
		try (Observation.Scope scope = observation.openScope()) {
			Span span = Span.current();
			int opened = this.scopes.opened;
			this.accessor.setValue(observation);
			assertThat(this.registry.getCurrentObservation()).isSameAs(observation);
			assertThat(Span.current()).isSameAs(span);
			this.accessor.restore(observation);
			assertThat(this.scopes.opened).isEqualTo(opened);
			assertThat(this.registry.getCurrentObservationScope()).isSameAs(scope);
			assertThat(Span.current()).isSameAs(span);
		}
		observation.stop();
	}

	@Test
	void settingAnotherObservationOpensItsScopeAndRestoreClosesIt() {
		Observation outer = Observation.start("outer", this.registry);
		Observation inner = Observation.start("inner", this.registry);
		try (Observation.Scope scope = outer.openScope()) {
			this.accessor.setValue(inner);
			assertThat(this.registry.getCurrentObservation()).isSameAs(inner);
			assertThat(currentSpanId()).isEqualTo(spanIdOf(inner));
			this.accessor.restore(outer);
			assertThat(this.registry.getCurrentObservationScope()).isSameAs(scope);
			assertThat(currentSpanId()).isEqualTo(spanIdOf(outer));
		}
		inner.stop();
		outer.stop();
	}

	@Test
	void settingTheCurrentObservationAfterASpanWasMadeCurrentByHandMakesItsSpanCurrentAgain() {
		Observation observation = Observation.start("work", this.registry);
		try (Observation.Scope scope = observation.openScope()) {
			io.micrometer.tracing.Span byHand = this.tracer.nextSpan().start();
			try (Tracer.SpanInScope inScope = this.tracer.withSpan(byHand)) {
				this.accessor.setValue(observation);
				assertThat(currentSpanId()).isEqualTo(spanIdOf(observation));
				this.accessor.restore(observation);
				assertThat(currentSpanId()).isEqualTo(byHand.context().spanId());
			}
			byHand.end();
		}
		observation.stop();
	}

	@Test
	void clearingReusesOneNullObservationPerThreadAndRestoresTheObservation() {
		Observation observation = Observation.start("work", this.registry);
		List<Observation> cleared = new ArrayList<>();
		try (Observation.Scope scope = observation.openScope()) {
			for (int i = 0; i < 2; i++) {
				this.accessor.setValue();
				cleared.add(this.registry.getCurrentObservation());
				assertThat(Span.current().getSpanContext().isValid()).isFalse();
				this.accessor.restore(observation);
				assertThat(this.registry.getCurrentObservationScope()).isSameAs(scope);
				assertThat(currentSpanId()).isEqualTo(spanIdOf(observation));
			}
		}
		observation.stop();
		assertThat(cleared.get(0)).isInstanceOf(NullObservation.class).isSameAs(cleared.get(1));
	}

	@Test
	void clearingWhileClearedOpensNothing() {
		Observation observation = Observation.start("work", this.registry);
		try (Observation.Scope scope = observation.openScope()) {
			this.accessor.setValue();
			Observation.Scope nullScope = this.registry.getCurrentObservationScope();
			Observation nullObservation = this.registry.getCurrentObservation();
			this.accessor.setValue();
			assertThat(this.registry.getCurrentObservationScope()).isSameAs(nullScope);
			this.accessor.restore(nullObservation);
			assertThat(this.registry.getCurrentObservationScope()).isSameAs(nullScope);
			this.accessor.restore(observation);
			assertThat(this.registry.getCurrentObservationScope()).isSameAs(scope);
		}
		observation.stop();
	}

	@Test
	void clearingWithNothingCurrentDoesNothing() {
		this.accessor.setValue();
		assertThat(this.registry.getCurrentObservationScope()).isNull();
		this.accessor.restore();
	}

	@Test
	void snapshotsNestedOnOneThreadLeaveEveryScopeAsTheyFoundIt() {
		Observation outer = Observation.start("outer", this.registry);
		Observation inner = Observation.start("inner", this.registry);
		try (Observation.Scope scope = outer.openScope()) {
			ContextSnapshot outerSnapshot = SNAPSHOTS.captureAll();
			try (Observation.Scope innerScope = inner.openScope()) {
				ContextSnapshot innerSnapshot = SNAPSHOTS.captureAll();
				try (ContextSnapshot.Scope again = innerSnapshot.setThreadLocals()) {
					try (ContextSnapshot.Scope back = outerSnapshot.setThreadLocals()) {
						assertThat(this.registry.getCurrentObservation()).isSameAs(outer);
						assertThat(currentSpanId()).isEqualTo(spanIdOf(outer));
						try (ContextSnapshot.Scope sameAgain = outerSnapshot.setThreadLocals()) {
							assertThat(this.registry.getCurrentObservation()).isSameAs(outer);
						}
						assertThat(this.registry.getCurrentObservation()).isSameAs(outer);
					}
					assertThat(this.registry.getCurrentObservation()).isSameAs(inner);
					assertThat(currentSpanId()).isEqualTo(spanIdOf(inner));
				}
				assertThat(this.registry.getCurrentObservationScope()).isSameAs(innerScope);
			}
			assertThat(this.registry.getCurrentObservationScope()).isSameAs(scope);
		}
		inner.stop();
		outer.stop();
		assertThat(this.scopes.opened).isEqualTo(this.scopes.closed);
	}

	@Test
	void snapshotsOnAnotherThreadCarryTheObservationAndLeaveNothingBehind() throws InterruptedException {
		Observation observation = Observation.start("work", this.registry);
		ContextSnapshot snapshot;
		try (Observation.Scope scope = observation.openScope()) {
			snapshot = SNAPSHOTS.captureAll();
		}
		List<Object> seen = new ArrayList<>();
		Thread worker = new Thread(() -> {
			for (int i = 0; i < 3; i++) {
				try (ContextSnapshot.Scope outer = snapshot.setThreadLocals()) {
					try (ContextSnapshot.Scope inner = snapshot.setThreadLocals()) {
						seen.add(this.registry.getCurrentObservation());
						seen.add(currentSpanId());
					}
				}
			}
			seen.add(this.registry.getCurrentObservationScope());
			seen.add(Span.current().getSpanContext().isValid());
		});
		worker.start();
		worker.join();
		observation.stop();
		String spanId = spanIdOf(observation);
		assertThat(seen).containsExactly(observation, spanId, observation, spanId, observation, spanId, null, false);
	}

	@Test
	void aScopeLeftOpenInsideASkippedSetIsClosedByItsRestore() {
		Observation observation = Observation.start("work", this.registry);
		Observation leaked = Observation.start("leaked", this.registry);
		Observation.Scope scope = observation.openScope();
		this.accessor.setValue(observation);
		leaked.openScope();
		this.accessor.restore(observation);
		assertThat(this.registry.getCurrentObservationScope()).isSameAs(scope);
		scope.close();
		this.accessor.setValue(observation);
		assertThat(this.registry.getCurrentObservation()).isSameAs(observation);
		this.accessor.restore();
		leaked.stop();
		observation.stop();
	}

	private String spanIdOf(Observation observation) {
		DefaultTracingObservationHandler.TracingContext tracing = observation.getContextView()
			.get(DefaultTracingObservationHandler.TracingContext.class);
		return tracing.getSpan().context().spanId();
	}

	private static String currentSpanId() {
		return Span.current().getSpanContext().getSpanId();
	}

	static final class ScopeCounter implements ObservationHandler<Observation.Context> {

		int opened;

		int closed;

		@Override
		public void onScopeOpened(Observation.Context context) {
			this.opened++;
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			this.closed++;
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
