package dev.tracewire.bench.macro.tools;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SinkTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void acceptsPlainAndGzippedProtobufAndReportsCounts() throws Exception {
		// One ExportTraceServiceRequest with one root span named "a".
		byte[] span = { 0x2a, 0x01, 'a' };
		byte[] scope = concat(new byte[] { 0x12, (byte) span.length }, span);
		byte[] resource = concat(new byte[] { 0x12, (byte) scope.length }, scope);
		byte[] request = concat(new byte[] { 0x0a, (byte) resource.length }, resource);
		ByteArrayOutputStream zipped = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
			gzip.write(request);
		}
		Sink sink = new Sink(0);
		sink.start();
		try {
			String base = "http://127.0.0.1:" + sink.port();
			assertThat(post(base, request, null)).isEqualTo(200);
			assertThat(post(base, zipped.toByteArray(), "gzip")).isEqualTo(200);
			String counts = this.http
				.send(HttpRequest.newBuilder(URI.create(base + "/counts")).build(), HttpResponse.BodyHandlers.ofString())
				.body();
			assertThat(App.parse(counts)).containsEntry("spans", "2").containsEntry("roots", "2")
				.containsEntry("exports", "2");
		}
		finally {
			sink.stop();
		}
	}

	private int post(String base, byte[] body, String encoding) throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/v1/traces"))
			.header("Content-Type", "application/x-protobuf")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (encoding != null) {
			builder.header("Content-Encoding", encoding);
		}
		return this.http.send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
