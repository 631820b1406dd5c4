package dev.tracewire.reactor;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.tracewire.testapp.Boundary;
import dev.tracewire.testapp.LeafController;
import dev.tracewire.testapp.Observed;
import dev.tracewire.testapp.Problems;
import dev.tracewire.testapp.TracedWork;
import dev.tracewire.test.TestSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

import org.springframework.web.reactive.function.client.WebClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;

/**
 * Crosses one {@link Boundary} of the conformance matrix with a real request and reports what went wrong: the
 * request must be one trace, every piece of work and every outbound call a child of the server span (and the
 * downstream server span a child of its call), and the work must see the server span as current and its trace id
 * in the log MDC.
 */
final class BoundaryMatrix {

	private final WebClient client;

	private final TestSpans spans;

	BoundaryMatrix(int port, TestSpans spans) {
		// Created here, not as a bean: an untraced client, so that the server span is the root of the trace.
		this.client = WebClient.create("http://localhost:" + port);
		this.spans = spans;
	}

	Verdict cross(Boundary boundary) {
		Problems oneTrace = new Problems();
		Problems parentChain = new Problems();
		Problems currentSpan = new Problems();
		Problems mdc = new Problems();
		List<Observed> observed = null;
		try {
			observed = this.client.get()
				.uri(boundary.path())
				.retrieve()
				.bodyToFlux(Observed.class)
				.collectList()
				.block(Duration.ofSeconds(10));
		}
		catch (RuntimeException ex) {
			oneTrace.check(false, "request failed: " + ex);
		}
		int expectedSpans = 1 + boundary.works() + 2 * boundary.outboundCalls();
		oneTrace.check(() -> this.spans.awaitCount(expectedSpans));
		List<SpanData> finished = this.spans.finished();
		SpanData server = finished.stream()
			.filter((span) -> span.getName().equals(boundary.serverSpanName()) && span.getKind() == SpanKind.SERVER)
			.findFirst()
			.orElse(null);
		if (server == null) {
			oneTrace.check(false, "no server span " + boundary.serverSpanName());
			return new Verdict(oneTrace, parentChain, currentSpan, mdc);
		}
		oneTrace.check(() -> assertThat(finished).hasSize(expectedSpans));
		long traces = finished.stream().map(SpanData::getTraceId).distinct().count();
		oneTrace.check(traces == 1, traces + " traces instead of one");
		List<SpanData> works = finished.stream().filter((span) -> span.getName().equals(TracedWork.SPAN_NAME)).toList();
		parentChain.check(works.size() == boundary.works(),
				boundary.works() + " work spans expected, " + works.size() + " found");
		works.forEach((work) -> parentChain.check(work.getParentSpanId().equals(server.getSpanId()),
				"work span is no child of the server span"));
		finished.stream()
			.filter((span) -> span.getKind() == SpanKind.CLIENT)
			.forEach((client) -> parentChain.check(client.getParentSpanId().equals(server.getSpanId()),
					"client span is no child of the server span"));
		finished.stream()
			.filter((span) -> span.getName().equals(LeafController.SPAN_NAME))
			.forEach((leaf) -> parentChain.check(finished.stream()
				.anyMatch((client) -> client.getKind() == SpanKind.CLIENT
						&& client.getSpanId().equals(leaf.getParentSpanId())),
					"downstream server span is no child of a client span"));
		oneTrace.check(observed != null && observed.size() == boundary.works(),
				boundary.works() + " results expected, got " + observed);
		if (observed != null) {
			for (Observed seen : observed) {
				currentSpan.check(seen.traceId().equals(server.getTraceId()) && seen.spanId().equals(server.getSpanId()),
						"current span in the work on " + seen.thread() + " was " + seen.traceId() + "/" + seen.spanId()
								+ ", not the server span");
				mdc.check(seen.mdcTraceId().equals(server.getTraceId()),
						"MDC traceId in the work on " + seen.thread() + " was " + seen.mdcTraceId());
			}
		}
		return new Verdict(oneTrace, parentChain, currentSpan, mdc);
	}

	/**
	 * What went wrong across one boundary, by the four things the matrix checks.
	 *
	 * @param oneTrace problems with the request being one complete trace
	 * @param parentChain problems with the parent of work, client and downstream spans
	 * @param currentSpan problems with the current span inside the work
	 * @param mdc problems with the trace id in the log MDC inside the work
	 */
	record Verdict(List<String> oneTrace, List<String> parentChain, List<String> currentSpan, List<String> mdc) {

		Verdict(Problems oneTrace, Problems parentChain, Problems currentSpan, Problems mdc) {
			this(oneTrace.found(), parentChain.found(), currentSpan.found(), mdc.found());
		}

		boolean passed() {
			return this.oneTrace.isEmpty() && this.parentChain.isEmpty() && this.currentSpan.isEmpty()
					&& this.mdc.isEmpty();
		}

		List<String> problems() {
			return Stream.of(this.oneTrace, this.parentChain, this.currentSpan, this.mdc)
				.flatMap(List::stream)
				.toList();
		}

		String row(String title) {
			return "| " + title + " | " + (passed() ? "pass" : "**fail**") + " | " + mark(this.oneTrace) + " | "
					+ mark(this.parentChain) + " | " + mark(this.currentSpan) + " | " + mark(this.mdc) + " |";
		}

		static String header(String setup) {
			return "| boundary | " + setup + " | one trace | parent chain | current span in work | MDC trace id in work |\n"
					+ "|---|---|---|---|---|---|";
		}

		private static String mark(List<String> problems) {
			return problems.isEmpty() ? "yes" : "no";
		}

	}

}
