package dev.tracewire.sampling;

import java.util.Map;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Honest counts: a span sampled by probability says with which one, as OpenTelemetry's consistent probability
 * sampling threshold in {@code tracestate} ({@code ot=th:...}); a span kept for an error says none.
 */
class ProbabilityThresholdTests {

	@Test
	void encodesTheRejectionThresholdAsTheSpecificationDoes() {
		assertThat(new ProbabilityThreshold(1).th()).isEqualTo("th:0");
		assertThat(new ProbabilityThreshold(0.5).th()).isEqualTo("th:8");
		assertThat(new ProbabilityThreshold(0.25).th()).isEqualTo("th:c");
		assertThat(new ProbabilityThreshold(0.01).th()).isEqualTo("th:fd70a3d70a3d7");
	}

	@Test
	void samplesWhenTheTraceIdsLast56BitsReachTheThreshold() {
		ProbabilityThreshold half = new ProbabilityThreshold(0.5);
		assertThat(half.isSampled("0af7651916cd43dd" + "0080000000000000")).isTrue();
		assertThat(half.isSampled("0af7651916cd43dd" + "ff7fffffffffffff")).as("the first byte is not randomness")
			.isFalse();
		assertThat(new ProbabilityThreshold(1).isSampled("0af7651916cd43dd0000000000000000")).isTrue();
		assertThat(new ProbabilityThreshold(0).isSampled("0af7651916cd43dd00ffffffffffffff")).isFalse();
	}

	@Test
	void writesNothingAtProbabilityOne() {
		assertThat(new ProbabilityThreshold(1).sampled().getUpdatedTraceState(TraceState.getDefault()).isEmpty())
			.isTrue();
		assertThat(new ProbabilityThreshold(0.5).sampled().getUpdatedTraceState(TraceState.getDefault()).get("ot"))
			.isEqualTo("th:8");
	}

	@Test
	void keepsOtherEntriesAndSubKeysOfTheCallersTraceState() {
		ProbabilityThreshold quarter = new ProbabilityThreshold(0.25);
		assertThat(quarter.withThreshold(TraceState.getDefault()).asMap()).containsExactly(Map.entry("ot", "th:c"));
		TraceState callers = TraceState.builder().put("vendor", "x").put("ot", "rv:abcdef01234567;th:8").build();
		assertThat(quarter.withThreshold(callers).get("ot")).isEqualTo("th:c;rv:abcdef01234567");
		assertThat(quarter.withThreshold(callers).get("vendor")).isEqualTo("x");
		assertThat(ProbabilityThreshold.withoutThreshold(callers).get("ot")).isEqualTo("rv:abcdef01234567");
		assertThat(ProbabilityThreshold.withoutThreshold(TraceState.builder().put("ot", "th:8").build()).isEmpty())
			.isTrue();
		assertThat(ProbabilityThreshold.withoutThreshold(TraceState.getDefault())).isSameAs(TraceState.getDefault());
	}

	@Test
	void sampledRootAndItsChildrenCarryTheThresholdAndAKeptTraceDoesNot() {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		DeferredKeepSpanProcessor keep = DeferredKeepSpanProcessor.builder().build(SimpleSpanProcessor.create(exporter));
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(TracewireSampler.builder().probability(0.5).recordUnsampled(true).build())
			.addSpanProcessor(keep)
			.build()) {
			io.opentelemetry.api.trace.Tracer tracer = provider.get("test");
			Span sampledRoot = null;
			Span keptRoot = null;
			while (sampledRoot == null || keptRoot == null) {
				Span root = tracer.spanBuilder("root").startSpan();
				if (root.getSpanContext().isSampled() && sampledRoot == null) {
					sampledRoot = root;
				}
				else if (!root.getSpanContext().isSampled() && keptRoot == null) {
					keptRoot = root;
				}
				else {
					root.end();
				}
			}
			tracer.spanBuilder("child").setParent(Context.root().with(sampledRoot)).startSpan().end();
			sampledRoot.end();
			keptRoot.setStatus(StatusCode.ERROR);
			keptRoot.end();
			String sampledTrace = sampledRoot.getSpanContext().getTraceId();
			assertThat(exporter.getFinishedSpanItems()).filteredOn((span) -> span.getTraceId().equals(sampledTrace))
				.hasSize(2)
				.allSatisfy((span) -> assertThat(span.getSpanContext().getTraceState().get("ot")).isEqualTo("th:8"));
			String keptTrace = keptRoot.getSpanContext().getTraceId();
			assertThat(exporter.getFinishedSpanItems()).filteredOn((span) -> span.getTraceId().equals(keptTrace))
				.singleElement()
				.satisfies((span) -> assertThat(span.getSpanContext().getTraceState().get("ot")).isNull());
		}
	}

	@Test
	void keptSpanUnderACallerThatSentAThresholdDropsIt() {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		DeferredKeepSpanProcessor keep = DeferredKeepSpanProcessor.builder().build(SimpleSpanProcessor.create(exporter));
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(TracewireSampler.builder().probability(0).recordUnsampled(true).build())
			.addSpanProcessor(keep)
			.build()) {
			SpanContext caller = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
					"b7ad6b7169203331", TraceFlags.getDefault(),
					TraceState.builder().put("ot", "th:8;rv:abcdef01234567").put("vendor", "x").build());
			Span server = provider.get("test").spanBuilder("GET /x").setParent(Context.root().with(Span.wrap(caller)))
				.startSpan();
			server.setStatus(StatusCode.ERROR);
			server.end();
			SpanData kept = exporter.getFinishedSpanItems().get(0);
			assertThat(kept.getSpanContext().getTraceState().asMap()).containsEntry("ot", "rv:abcdef01234567")
				.containsEntry("vendor", "x");
		}
	}

}
