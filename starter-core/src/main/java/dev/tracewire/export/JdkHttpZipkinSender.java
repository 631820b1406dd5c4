package dev.tracewire.export;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.ClosedSenderException;
import zipkin2.reporter.Encoding;

/**
 * Sends JSON-encoded spans to a Zipkin server with the JDK's HTTP client. OpenTelemetry's Zipkin exporter would
 * otherwise use OkHttp 4, whose classes and Okio version clash with the OkHttp 5 that the OTLP exporter brings
 * (the first export then fails with a {@code NoSuchMethodError} in Okio and no span reaches Zipkin).
 */
public final class JdkHttpZipkinSender implements BytesMessageSender {

	private static final int MESSAGE_MAX_BYTES = 500_000;

	private final HttpClient client;

	private final URI endpoint;

	private final Duration timeout;

	private volatile boolean closed;

	/**
	 * Creates a sender.
	 * @param endpoint Zipkin's span endpoint, for example {@code http://localhost:9411/api/v2/spans}
	 * @param timeout time to wait for a connection and for Zipkin's answer
	 */
	public JdkHttpZipkinSender(URI endpoint, Duration timeout) {
		this.endpoint = endpoint;
		this.timeout = timeout;
		// HTTP/1.1: over HTTP/2 the JDK client reuses a connection the server may close while idle (Zipkin's does after
		// 15 s), and a batch sent at that moment fails with GOAWAY and is lost.
		this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
	}

	@Override
	public Encoding encoding() {
		return Encoding.JSON;
	}

	@Override
	public int messageMaxBytes() {
		return MESSAGE_MAX_BYTES;
	}

	@Override
	public int messageSizeInBytes(List<byte[]> encodedSpans) {
		return Encoding.JSON.listSizeInBytes(encodedSpans);
	}

	@Override
	public int messageSizeInBytes(int encodedSizeInBytes) {
		return Encoding.JSON.listSizeInBytes(encodedSizeInBytes);
	}

	@Override
	public void send(List<byte[]> encodedSpans) throws IOException {
		if (this.closed) {
			throw new ClosedSenderException();
		}
		HttpRequest request = HttpRequest.newBuilder(this.endpoint)
			.timeout(this.timeout)
			.header("Content-Type", Encoding.JSON.mediaType())
			.POST(HttpRequest.BodyPublishers.ofByteArray(Encoding.JSON.encode(encodedSpans)))
			.build();
		HttpResponse<Void> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while sending spans to " + this.endpoint, ex);
		}
		if (response.statusCode() / 100 != 2) {
			throw new IOException("Zipkin at " + this.endpoint + " answered " + response.statusCode());
		}
	}

	@Override
	public void close() {
		this.closed = true;
	}

	@Override
	public String toString() {
		return "JdkHttpZipkinSender{" + this.endpoint + "}";
	}

}
