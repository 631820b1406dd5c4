package dev.tracewire.propagation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.tracewire.propagation.HeaderCase.Outbound;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sends every case of the {@link HeaderCorpus} as raw bytes (so hostile headers arrive exactly as written) to an
 * endpoint that makes an outbound call to the same application, and checks: no 5xx, the continue-or-restart
 * outcome on the server span, and what went out on the outbound call.
 */
@TracewireTest
abstract class AbstractHeaderCorpusTests {

	static final String SERVER_SPAN = "http get /corpus";

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	static Stream<HeaderCase> cases() {
		return HeaderCorpus.cases().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void headerHasTheExpectedOutcomeAndNeverA5xx(HeaderCase headerCase) throws IOException {
		try {
			check(headerCase);
		}
		catch (AssertionError ex) {
			throw new AssertionError("Case '" + headerCase + "': " + ex.getMessage(), ex);
		}
	}

	private void check(HeaderCase headerCase) throws IOException {
		Response response = send(headerCase.headers());
		assertThat(response.status()).as("status for %s", headerCase).isLessThan(500);
		if (response.status() == 400 || response.status() == 431) {
			// The HTTP server itself refused the bytes (bad request, headers too large) before any application
			// code, tracing included, ran.
			assertThat(this.spans.finished()).as("nothing traced for a request the server refused")
				.doesNotHaveSpanNamed(SERVER_SPAN);
			return;
		}
		assertThat(response.status()).isEqualTo(200);
		Outbound outbound = parse(response.body());
		assertThat(outbound.traceparent()).as("exactly one outbound traceparent").hasSize(1);
		String traceparent = outbound.traceparent().get(0);
		assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]");
		String outboundTraceId = traceparent.substring(3, 35);
		boolean outboundSampled = (Integer.parseInt(traceparent.substring(53), 16) & 1) == 1;
		switch (headerCase.outcome()) {
			case CONTINUE_SAMPLED -> {
				SpanData server = this.spans.awaitSpan(SERVER_SPAN, SpanKind.SERVER);
				assertThat(server).hasTraceId(headerCase.traceId());
				assertThat(server.getParentSpanId()).isEqualTo(headerCase.parentId());
				assertThat(outboundTraceId).isEqualTo(headerCase.traceId());
				assertThat(outboundSampled).isTrue();
			}
			case CONTINUE_UNSAMPLED -> {
				assertThat(outboundTraceId).isEqualTo(headerCase.traceId());
				assertThat(outboundSampled).isFalse();
				assertNoServerSpan();
			}
			case RESTART -> {
				SpanData server = this.spans.awaitSpan(SERVER_SPAN, SpanKind.SERVER);
				assertThat(server).isRoot();
				assertThat(server.getTraceId()).isNotIn(HeaderCorpus.TRACE, HeaderCorpus.OTHER_TRACE,
						"0000000000000000" + HeaderCorpus.TRACE.substring(16));
				assertThat(outboundTraceId).isEqualTo(server.getTraceId());
				assertThat(outboundSampled).isTrue();
			}
			case DENY -> {
				assertThat(outboundTraceId).isNotEqualTo(HeaderCorpus.TRACE);
				assertThat(outboundSampled).isFalse();
				assertNoServerSpan();
			}
		}
		if (headerCase.outbound() != null) {
			headerCase.outbound().accept(outbound);
		}
	}

	private void assertNoServerSpan() {
		await().during(Duration.ofMillis(150))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.spans.finished().stream().noneMatch((span) -> span.getName().equals(SERVER_SPAN)));
	}

	private Response send(Map<String, List<String>> headers) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			StringBuilder request = new StringBuilder("GET /corpus HTTP/1.1\r\nHost: localhost\r\n");
			headers.forEach((name, lines) -> lines.forEach((line) -> request.append(name).append(": ").append(line)
				.append("\r\n")));
			request.append("Connection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			in.transferTo(bytes);
			return Response.parse(bytes.toString(StandardCharsets.UTF_8));
		}
	}

	static Outbound parse(String body) {
		List<String> traceparent = new ArrayList<>();
		List<String> tracestate = new ArrayList<>();
		List<String> baggage = new ArrayList<>();
		for (String line : body.split("\n")) {
			int colon = line.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String value = line.substring(colon + 1);
			switch (line.substring(0, colon)) {
				case "traceparent" -> traceparent.add(value);
				case "tracestate" -> tracestate.add(value);
				case "baggage" -> baggage.add(value);
				default -> {
				}
			}
		}
		return new Outbound(traceparent, tracestate, baggage);
	}

	/**
	 * Renders the trace headers a sink received, one per line, as {@code name:value}.
	 */
	static String render(List<String> traceparent, List<String> tracestate, List<String> baggage) {
		StringBuilder body = new StringBuilder();
		traceparent.forEach((value) -> body.append("traceparent:").append(value).append('\n'));
		tracestate.forEach((value) -> body.append("tracestate:").append(value).append('\n'));
		baggage.forEach((value) -> body.append("baggage:").append(value).append('\n'));
		return body.toString();
	}

	record Response(int status, String body) {

		static Response parse(String raw) {
			int lineEnd = raw.indexOf("\r\n");
			String[] statusLine = raw.substring(0, lineEnd).split(" ");
			int bodyStart = raw.indexOf("\r\n\r\n");
			String body = (bodyStart < 0) ? "" : raw.substring(bodyStart + 4);
			if (raw.toLowerCase().contains("transfer-encoding: chunked")) {
				body = dechunk(body);
			}
			return new Response(Integer.parseInt(statusLine[1]), body);
		}

		private static String dechunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int position = 0;
			while (position < chunked.length()) {
				int lineEnd = chunked.indexOf("\r\n", position);
				int size = Integer.parseInt(chunked.substring(position, lineEnd).trim(), 16);
				if (size == 0) {
					break;
				}
				body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
				position = lineEnd + 2 + size + 2;
			}
			return body.toString();
		}

	}

}
