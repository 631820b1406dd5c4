package dev.tracewire.bench.continuity.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tracewire.bench.continuity.app.Boundary;
import dev.tracewire.bench.continuity.app.Work;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A quick check of the runner's parts that a wrong result would come from: the collector decodes what
 * OpenTelemetry's OTLP/HTTP exporter really sends, and the judge tells kept from lost. (The matrix itself is run by
 * run.sh, never by the build.)
 */
class ContinuitySelfCheckTests {

	@ParameterizedTest(name = "compression {0}")
	@ValueSource(strings = { "none", "gzip" })
	void collectorDecodesWhatTheOtlpExporterSends(String compression) throws Exception {
		try (OtlpCollector collector = new OtlpCollector()) {
			OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
				.setEndpoint(collector.tracesEndpoint())
				.setCompression(compression)
				.build();
			SdkTracerProvider provider = SdkTracerProvider.builder()
				.addSpanProcessor(SimpleSpanProcessor.create(exporter))
				.build();
			try {
				Tracer tracer = provider.get("self-check");
				Span server = tracer.spanBuilder("GET /b/publish_on")
					.setSpanKind(SpanKind.SERVER)
					.setAttribute("url.path", "/b/publish_on")
					.setAttribute("http.response.status_code", 200L)
					.startSpan();
				Span work = tracer.spanBuilder("work publish_on")
					.setParent(Context.root().with(server))
					.setAttribute(Work.ORIGIN_ATTRIBUTE, Work.NONE)
					.startSpan();
				Span batch = tracer.spanBuilder("batch process")
					.setSpanKind(SpanKind.CONSUMER)
					.setNoParent()
					.addLink(server.getSpanContext())
					.startSpan();
				work.end();
				server.end();
				batch.end();
				provider.forceFlush().join(10, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(10)).until(() -> collector.spans().size() == 3);
				assertThat(collector.problems()).isEmpty();
				Map<String, ExportedSpan> byName = new java.util.HashMap<>();
				collector.spans().forEach((span) -> byName.put(span.name(), span));
				ExportedSpan exportedServer = byName.get("GET /b/publish_on");
				assertThat(exportedServer.kind()).isEqualTo("SERVER");
				assertThat(exportedServer.isRoot()).isTrue();
				assertThat(exportedServer.traceId()).isEqualTo(server.getSpanContext().getTraceId());
				assertThat(exportedServer.spanId()).isEqualTo(server.getSpanContext().getSpanId());
				assertThat(exportedServer.scope()).isEqualTo("self-check");
				assertThat(exportedServer.attributes()).containsEntry("url.path", "/b/publish_on")
					.containsEntry("http.response.status_code", "200");
				ExportedSpan exportedWork = byName.get("work publish_on");
				assertThat(exportedWork.kind()).isEqualTo("INTERNAL");
				assertThat(exportedWork.parentSpanId()).isEqualTo(server.getSpanContext().getSpanId());
				assertThat(exportedWork.attributes()).containsEntry(Work.ORIGIN_ATTRIBUTE, Work.NONE);
				ExportedSpan exportedBatch = byName.get("batch process");
				assertThat(exportedBatch.kind()).isEqualTo("CONSUMER");
				assertThat(exportedBatch.links()).containsExactly(new ExportedSpan.Link(
						server.getSpanContext().getTraceId(), server.getSpanContext().getSpanId()));
			}
			finally {
				provider.shutdown().join(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void judgeKeepsAChildOfTheServerSpanAndLosesANewTrace() {
		Spans spans = new Spans();
		ExportedSpan server = spans.add("t1", null, "http get /b/publish_on", "SERVER");
		spans.add("t1", server, "work publish_on", "INTERNAL");
		spans.add("t1", server, "GET /b/subscribe_on", "SERVER");
		ExportedSpan subscribeOn = spans.add("t2", null, "GET /b/subscribe_on", "SERVER");
		spans.add("t3", null, "work subscribe_on", "INTERNAL");
		Judge judge = new Judge(spans.all);
		assertThat(judge.judge(Boundary.PUBLISH_ON, null).outcome()).isEqualTo(Verdict.Outcome.KEPT);
		Verdict lost = judge.judge(Boundary.SUBSCRIBE_ON, null);
		assertThat(lost.outcome()).isEqualTo(Verdict.Outcome.LOST);
		assertThat(lost.reason()).isEqualTo("new trace");
		assertThat(judge.serverSpans("/b/subscribe_on", true)).containsExactly(subscribeOn);
	}

	@Test
	void judgeAcceptsASpanTheSetupMakesForTheUnitOfWork() {
		Spans spans = new Spans();
		ExportedSpan server = spans.add("t1", null, "GET /b/async_void", "SERVER");
		ExportedSpan method = spans.add("t1", server, "run-later", "INTERNAL");
		spans.add("t1", method, "work async_void", "INTERNAL");
		Verdict verdict = new Judge(spans.all).judge(Boundary.ASYNC_VOID, null);
		assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.KEPT);
		assertThat(verdict.reason()).isEqualTo("via run-later");
	}

	@Test
	void judgeFollowsDownstreamCallsAndKafkaRecords() {
		Spans spans = new Spans();
		ExportedSpan server = spans.add("t1", null, "GET /b/web_client_after_hop", "SERVER");
		ExportedSpan client = spans.add("t1", server, "GET", "CLIENT");
		spans.add("t1", client, "GET /leaf/web_client_after_hop", "SERVER");
		ExportedSpan record = spans.add("t2", null, "GET /b/kafka_record", "SERVER");
		ExportedSpan producer = spans.add("t3", null, "records send", "PRODUCER");
		ExportedSpan consumer = spans.add("t3", producer, "records process", "CONSUMER");
		spans.add("t3", consumer, "work kafka_record", "INTERNAL");
		spans.add("t2", record, "unrelated", "INTERNAL");
		Judge judge = new Judge(spans.all);
		assertThat(judge.judge(Boundary.WEB_CLIENT_AFTER_HOP, null).outcome()).isEqualTo(Verdict.Outcome.KEPT);
		Verdict kafka = judge.judge(Boundary.KAFKA_RECORD, null);
		assertThat(kafka.outcome()).isEqualTo(Verdict.Outcome.LOST);
		assertThat(kafka.reason()).isEqualTo("send not in request trace");
	}

	@Test
	void judgeWantsAScheduledRunToHaveASpanOfItsOwn() {
		Spans spans = new Spans();
		spans.add("t1", null, "GET /b/scheduled", "SERVER");
		ExportedSpan run = spans.add("t2", null, "tasks.scheduled.execution", "INTERNAL");
		spans.add("t2", run, "work scheduled", "INTERNAL");
		spans.add("t3", null, "work scheduled_hand_off", "INTERNAL");
		Judge judge = new Judge(spans.all);
		assertThat(judge.judge(Boundary.SCHEDULED, null).outcome()).isEqualTo(Verdict.Outcome.KEPT);
		assertThat(judge.judge(Boundary.SCHEDULED_HAND_OFF, null).reason()).isEqualTo("lost at hand-off");
	}

	@Test
	void reportHasARowPerBoundaryAndTheCountKept() {
		List<Verdict> verdicts = new ArrayList<>();
		for (Boundary boundary : Boundary.values()) {
			verdicts.add((boundary == Boundary.NEW_THREAD) ? Verdict.lost(boundary.id(), "new trace", "lost")
					: Verdict.kept(boundary.id(), "", "kept"));
		}
		String table = MarkdownReport.table(List.of(new VariantResult("x", "setup", true, "", 1, 10, Map.of(), verdicts)));
		assertThat(table).contains("| `new Thread(...).start()` | ✗ new trace |")
			.contains("| **kept** | **" + (Boundary.values().length - 1) + " / " + Boundary.values().length + "** |");
		assertThat(Boundary.values().length).isGreaterThanOrEqualTo(25);
	}

	/**
	 * Builds spans by hand: ids follow from the order they are added in.
	 */
	private static final class Spans {

		private final List<ExportedSpan> all = new ArrayList<>();

		ExportedSpan add(String trace, ExportedSpan parent, String name, String kind) {
			String spanId = String.format("%016x", this.all.size() + 1);
			ExportedSpan span = new ExportedSpan(String.format("%32s", trace).replace(' ', '0'), spanId,
					(parent != null) ? parent.spanId() : "", name, kind, "test",
					Map.of(Work.ORIGIN_ATTRIBUTE, "0000000000000001"), List.of());
			this.all.add(span);
			return span;
		}

	}

}
