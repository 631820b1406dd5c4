package dev.tracewire.sampling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.tracewire.sampling.DeferredKeepSpanProcessor.Outcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link DeferredKeepSpanProcessor} on the OpenTelemetry SDK with {@link TracewireSampler} at probability 0 (nothing
 * sampled, everything recorded): which traces reach the exporter, with what, and what is counted.
 */
class DeferredKeepSpanProcessorTests {

	private static final AttributeKey<String> KEPT = AttributeKey.stringKey(DeferredKeepSpanProcessor.KEPT_ATTRIBUTE);

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final TestClock clock = TestClock.create();

	private final AtomicLong nanos = new AtomicLong();

	private final RecordingOutcomes outcomes = new RecordingOutcomes();

	private DeferredKeepSpanProcessor processor = keep(DeferredKeepSpanProcessor.builder());

	private double probability;

	// Made on first use, so that a test can choose its processor and probability first.
	private @Nullable SdkTracerProvider provider;

	@AfterEach
	void close() {
		if (this.provider != null) {
			this.provider.close();
		}
	}

	@Test
	void traceWithAFailedLeafIsExportedWholeAndMarkedSampled() {
		Tracer tracer = tracer();
		Span root = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).startSpan();
		Span child = tracer.spanBuilder("charge").setParent(Context.root().with(root)).startSpan();
		Span leaf = tracer.spanBuilder("POST /charges").setSpanKind(SpanKind.CLIENT)
			.setParent(Context.root().with(child))
			.startSpan();
		leaf.setStatus(StatusCode.ERROR, "503");
		leaf.end();
		child.end();
		assertThat(this.exporter.getFinishedSpanItems()).as("held until the trace's spans have all ended").isEmpty();
		root.end();
		List<SpanData> exported = this.exporter.getFinishedSpanItems();
		assertThat(exported).extracting(SpanData::getName).containsExactly("POST /charges", "charge", "GET /checkout");
		assertThat(exported).allSatisfy((span) -> {
			assertThat(span.getTraceId()).isEqualTo(root.getSpanContext().getTraceId());
			assertThat(span.getSpanContext().isSampled()).isTrue();
			assertThat(span.getAttributes().get(KEPT)).isEqualTo("error");
		});
		assertThat(exported.get(0).getParentSpanId()).isEqualTo(child.getSpanContext().getSpanId());
		assertThat(exported.get(1).getParentSpanId()).isEqualTo(root.getSpanContext().getSpanId());
		assertThat(exported.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(this.outcomes.traces).containsExactly("kept-error 3");
		assertThat(this.processor.heldTraces()).isZero();
		assertThat(this.processor.heldSpans()).isZero();
	}

	@Test
	void traceThatNeitherFailsNorIsSlowIsDiscarded() {
		Tracer tracer = tracer();
		Span root = tracer.spanBuilder("GET /hello").setSpanKind(SpanKind.SERVER).startSpan();
		tracer.spanBuilder("work").setParent(Context.root().with(root)).startSpan().end();
		this.clock.advance(Duration.ofMillis(1999));
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		assertThat(this.outcomes.traces).containsExactly("discarded 2");
		assertThat(this.processor.heldTraces()).isZero();
		assertThat(this.processor.heldSpans()).isZero();
	}

	@Test
	void traceWhoseLocalRootTookTheThresholdIsKeptAsSlow() {
		Span root = tracer().spanBuilder("GET /report").setSpanKind(SpanKind.SERVER).startSpan();
		this.clock.advance(Duration.ofSeconds(2));
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).singleElement()
			.satisfies((span) -> assertThat(span.getAttributes().get(KEPT)).isEqualTo("slow"));
		assertThat(this.outcomes.traces).containsExactly("kept-slow 1");
		assertThat(this.outcomes.durations).containsExactly(Duration.ofSeconds(2).toNanos());
	}

	@Test
	void serverSpanUnderACallerThatDidNotSampleIsALocalRoot() {
		SpanContext caller = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
				TraceFlags.getDefault(), TraceState.getDefault());
		Span server = tracer().spanBuilder("GET /slow")
			.setSpanKind(SpanKind.SERVER)
			.setParent(Context.root().with(Span.wrap(caller)))
			.startSpan();
		this.clock.advance(Duration.ofSeconds(3));
		server.end();
		assertThat(this.exporter.getFinishedSpanItems()).singleElement().satisfies((span) -> {
			assertThat(span.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
			assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
			assertThat(span.getAttributes().get(KEPT)).isEqualTo("slow");
		});
	}

	@Test
	void errorsAndSlownessAreKeptOnlyWhenAsked() {
		this.processor = keep(DeferredKeepSpanProcessor.builder().keepErrors(false).slowThreshold(null));
		Span root = tracer().spanBuilder("GET /fails").startSpan();
		root.setStatus(StatusCode.ERROR);
		this.clock.advance(Duration.ofMinutes(1));
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		assertThat(this.outcomes.traces).containsExactly("discarded 1");
	}

	@Test
	void sampledSpansPassThroughAndAreCountedAtTheirLocalRoot() {
		this.probability = 1.0;
		Tracer tracer = tracer();
		Span root = tracer.spanBuilder("GET /hello").startSpan();
		tracer.spanBuilder("work").setParent(Context.root().with(root)).startSpan().end();
		assertThat(this.exporter.getFinishedSpanItems()).singleElement()
			.satisfies((span) -> assertThat(span.getAttributes().get(KEPT)).isNull());
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(2);
		assertThat(this.outcomes.traces).containsExactly("sampled -1");
		assertThat(this.processor.heldTraces()).isZero();
	}

	@Test
	void spansEndingAfterTheirTraceWasKeptAreExportedAsTheyEnd() {
		Tracer tracer = tracer();
		Span root = tracer.spanBuilder("POST /orders").startSpan();
		Span fireAndForget = tracer.spanBuilder("audit").setParent(Context.root().with(root)).startSpan();
		Span failing = tracer.spanBuilder("validate").setParent(Context.root().with(root)).startSpan();
		failing.setStatus(StatusCode.ERROR);
		failing.end();
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).as("the open span holds the trace").isEmpty();
		fireAndForget.end();
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("validate", "POST /orders", "audit");
		// A span started in the trace after it was kept is passed on as it ends.
		Span late = tracer.spanBuilder("late").setParent(Context.root().with(root)).startSpan();
		late.end();
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName).contains("late");
		assertThat(this.exporter.getFinishedSpanItems().get(3).getAttributes().get(KEPT)).isEqualTo("error");
	}

	@Test
	void spansBeyondTheLimitPerTraceAreCutAndCounted() {
		this.processor = keep(DeferredKeepSpanProcessor.builder().limits(2, 10, 100, Duration.ofMinutes(1)));
		Tracer tracer = tracer();
		Span root = tracer.spanBuilder("GET /batch").startSpan();
		for (int i = 0; i < 3; i++) {
			tracer.spanBuilder("item " + i).setParent(Context.root().with(root)).startSpan().end();
		}
		root.setStatus(StatusCode.ERROR);
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("item 0", "item 1");
		assertThat(this.outcomes.cut).hasValue(2);
		assertThat(this.outcomes.traces).containsExactly("kept-error 2");
		assertThat(this.processor.heldSpans()).isZero();
	}

	@Test
	void spansBeyondTheLimitInAllAreCutAndCounted() {
		this.processor = keep(DeferredKeepSpanProcessor.builder().limits(10, 10, 1, Duration.ofMinutes(1)));
		Tracer tracer = tracer();
		Span first = tracer.spanBuilder("first").startSpan();
		tracer.spanBuilder("held").setParent(Context.root().with(first)).startSpan().end();
		Span second = tracer.spanBuilder("second").startSpan();
		second.setStatus(StatusCode.ERROR);
		second.end();
		assertThat(this.outcomes.cut).hasValue(1);
		assertThat(this.outcomes.traces).containsExactly("kept-error 0");
		first.end();
		assertThat(this.processor.heldSpans()).isZero();
	}

	@Test
	void spansBeyondTheBytesInAllAreCutAndCountedByWhatTheyHold() {
		this.processor = keep(DeferredKeepSpanProcessor.builder().maxBytes(8 * 1024));
		Tracer tracer = tracer();
		Span root = tracer.spanBuilder("GET /import").startSpan();
		tracer.spanBuilder("small").setParent(Context.root().with(root)).startSpan().end();
		long small = this.processor.heldBytes();
		assertThat(small).isBetween(400L, 2_000L);
		// A statement of 10,000 characters does not fit in 8 KB: cut, though one span more would.
		tracer.spanBuilder("huge").setParent(Context.root().with(root))
			.setAttribute("db.query.text", "x".repeat(10_000))
			.startSpan()
			.end();
		assertThat(this.outcomes.cut).hasValue(1);
		assertThat(this.processor.heldBytes()).isEqualTo(small);
		Span failing = tracer.spanBuilder("failing").setParent(Context.root().with(root)).startSpan();
		failing.addEvent("exception", io.opentelemetry.api.common.Attributes.of(
				io.opentelemetry.api.common.AttributeKey.stringKey("exception.stacktrace"), "at x\n".repeat(200)));
		failing.setStatus(StatusCode.ERROR);
		failing.end();
		assertThat(this.processor.heldBytes()).as("the event's stack trace counts").isGreaterThan(small + 1_000);
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("small", "failing", "GET /import");
		assertThat(this.processor.heldBytes()).isZero();
		assertThat(this.processor.heldSpans()).isZero();
	}

	@Test
	void tracesBeyondTheLimitAreNotHeldAndCountedOnce() {
		this.processor = keep(DeferredKeepSpanProcessor.builder().limits(10, 1, 100, Duration.ofMinutes(1)));
		Tracer tracer = tracer();
		Span held = tracer.spanBuilder("held").startSpan();
		Span refused = tracer.spanBuilder("refused").startSpan();
		Span child = tracer.spanBuilder("child").setParent(Context.root().with(refused)).startSpan();
		child.setStatus(StatusCode.ERROR);
		child.end();
		refused.end();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		assertThat(this.outcomes.traces).containsExactly("evicted 0");
		held.end();
		assertThat(this.outcomes.traces).containsExactly("evicted 0", "discarded 1");
	}

	@Test
	void traceWithASpanNeverEndedIsEvictedWhenRoomIsNeededAfterTheMaximumAge() {
		this.processor = keep(DeferredKeepSpanProcessor.builder().limits(10, 1, 100, Duration.ofSeconds(30)));
		Tracer tracer = tracer();
		Span abandoned = tracer.spanBuilder("cancelled").startSpan();
		tracer.spanBuilder("done").setParent(Context.root().with(abandoned)).startSpan().end();
		this.nanos.addAndGet(TimeUnit.SECONDS.toNanos(29));
		tracer.spanBuilder("too early").startSpan().end();
		assertThat(this.outcomes.traces).containsExactly("evicted 0");
		this.nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
		Span next = tracer.spanBuilder("next").startSpan();
		next.setStatus(StatusCode.ERROR);
		next.end();
		assertThat(this.outcomes.traces).containsExactly("evicted 0", "evicted 1", "kept-error 1");
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("next");
		assertThat(this.processor.heldTraces()).isZero();
		assertThat(this.processor.heldSpans()).isZero();
		// The abandoned span, ended at last, is not held again.
		abandoned.end();
		assertThat(this.processor.heldTraces()).isZero();
	}

	@Test
	void keepsNoMoreTracesPerSecondThanTheLimitAndCountsTheRest() {
		this.processor = keep(DeferredKeepSpanProcessor.builder().keptPerSecond(2));
		for (int i = 0; i < 3; i++) {
			Span failed = tracer().spanBuilder("failed " + i).startSpan();
			failed.setStatus(StatusCode.ERROR);
			failed.end();
		}
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("failed 0", "failed 1");
		assertThat(this.outcomes.traces).containsExactly("kept-error 1", "kept-error 1", "over-limit 1");
		this.nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
		Span failed = tracer().spanBuilder("half a second later").startSpan();
		failed.setStatus(StatusCode.ERROR);
		failed.end();
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(3);
	}

	@Test
	void traceKeptNowForAFailingResponseIsExportedWhateverItsSpansDo() {
		Span root = tracer().spanBuilder("GET /charges").setSpanKind(SpanKind.SERVER).startSpan();
		Span child = tracer().spanBuilder("charge").setParent(Context.root().with(root)).startSpan();
		child.end();
		assertThat(this.processor.isHeld(root.getSpanContext().getTraceId())).isTrue();
		assertThat(this.processor.keepNow(root.getSpanContext(), true)).isTrue();
		assertThat(this.processor.keepNow(root.getSpanContext(), false)).as("kept stays kept").isTrue();
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName)
			.containsExactly("charge", "GET /charges");
		assertThat(this.exporter.getFinishedSpanItems())
			.allSatisfy((span) -> assertThat(span.getAttributes().get(KEPT)).isEqualTo("error"));
		assertThat(this.outcomes.traces).containsExactly("kept-error 2");
		assertThat(this.processor.isHeld(root.getSpanContext().getTraceId())).isFalse();
	}

	@Test
	void ordinaryRequestIsNotKeptNowAndIsDiscardedWhenItEnds() {
		Span root = tracer().spanBuilder("GET /hello").setSpanKind(SpanKind.SERVER).startSpan();
		assertThat(this.processor.keepNow(root.getSpanContext(), false)).isFalse();
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		assertThat(this.outcomes.traces).containsExactly("discarded 1");
		assertThat(this.processor.keepNow(root.getSpanContext(), true)).as("decided already").isFalse();
	}

	@Test
	void requestRunningForTheSlowThresholdIsKeptNowAsSlow() {
		Span root = tracer().spanBuilder("GET /report").setSpanKind(SpanKind.SERVER).startSpan();
		this.nanos.addAndGet(Duration.ofMillis(1999).toNanos());
		assertThat(this.processor.keepNow(root.getSpanContext(), false)).isFalse();
		this.nanos.addAndGet(Duration.ofMillis(1).toNanos());
		assertThat(this.processor.keepNow(root.getSpanContext(), false)).isTrue();
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).singleElement()
			.satisfies((span) -> assertThat(span.getAttributes().get(KEPT)).isEqualTo("slow"));
	}

	@Test
	void traceWhoseCalleeKeptItsPartIsKeptAsDownstream() {
		Span root = tracer().spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).startSpan();
		Span client = tracer().spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
			.setParent(Context.root().with(root))
			.startSpan();
		this.processor.keepForCallee(client.getSpanContext());
		client.end();
		assertThat(this.processor.keepNow(root.getSpanContext(), false)).isTrue();
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).hasSize(2)
			.allSatisfy((span) -> assertThat(span.getAttributes().get(KEPT)).isEqualTo("downstream"));
		assertThat(this.outcomes.traces).containsExactly("kept-downstream 2");
	}

	@Test
	void calleeKeepWithoutAskingEarlyStillKeepsTheTraceWhenItEnds() {
		Span root = tracer().spanBuilder("consume").setSpanKind(SpanKind.CONSUMER).startSpan();
		this.processor.keepForCallee(root.getSpanContext());
		root.end();
		assertThat(this.exporter.getFinishedSpanItems()).singleElement()
			.satisfies((span) -> assertThat(span.getAttributes().get(KEPT)).isEqualTo("downstream"));
	}

	@Test
	void keepingNowPassesTheLimitOfKeptTracesPerSecond() {
		this.processor = keep(DeferredKeepSpanProcessor.builder().keptPerSecond(1));
		Span first = tracer().spanBuilder("first").setSpanKind(SpanKind.SERVER).startSpan();
		Span second = tracer().spanBuilder("second").setSpanKind(SpanKind.SERVER).startSpan();
		assertThat(this.processor.keepNow(first.getSpanContext(), true)).isTrue();
		assertThat(this.processor.keepNow(second.getSpanContext(), true)).as("over the limit").isFalse();
		second.end();
		first.end();
		assertThat(this.exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("first");
		assertThat(this.outcomes.traces).containsExactly("over-limit 1", "kept-error 1");
	}

	@Test
	void rejectsNonsenseLimits() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DeferredKeepSpanProcessor.builder().limits(0, 1, 1, Duration.ofSeconds(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DeferredKeepSpanProcessor.builder().limits(1, 1, 1, Duration.ZERO));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DeferredKeepSpanProcessor.builder().slowThreshold(Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> DeferredKeepSpanProcessor.builder().keptPerSecond(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> DeferredKeepSpanProcessor.builder().maxBytes(0));
	}

	private DeferredKeepSpanProcessor keep(DeferredKeepSpanProcessor.Builder builder) {
		return builder.outcomes(this.outcomes)
			.nanoClock(this.nanos::get)
			.build(SimpleSpanProcessor.create(this.exporter));
	}

	private Tracer tracer() {
		SdkTracerProvider provider = this.provider;
		if (provider == null) {
			provider = SdkTracerProvider.builder()
				.setClock(this.clock)
				.setSampler(TracewireSampler.builder().probability(this.probability).recordUnsampled(true).build())
				.addSpanProcessor(this.processor)
				.build();
			this.provider = provider;
		}
		return provider.get("test");
	}

	static final class RecordingOutcomes implements DeferredKeepSpanProcessor.Outcomes {

		final List<String> traces = new ArrayList<>();

		final List<Long> durations = new ArrayList<>();

		final AtomicLong cut = new AtomicLong();

		@Override
		public synchronized void trace(Outcome outcome, int spans, long rootLatencyNanos) {
			this.traces.add(outcome.tag() + " " + spans);
			if (rootLatencyNanos > 0 && outcome != Outcome.SAMPLED) {
				this.durations.add(rootLatencyNanos);
			}
		}

		@Override
		public void spansCut(int spans) {
			this.cut.addAndGet(spans);
		}

	}

}
