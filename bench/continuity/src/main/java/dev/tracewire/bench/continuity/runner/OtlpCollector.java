package dev.tracewire.bench.continuity.runner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny OTLP/HTTP collector on the loopback interface: {@code POST /v1/traces} with a protobuf
 * {@code ExportTraceServiceRequest} (gzip or not) is decoded into {@link ExportedSpan}s; metrics and logs are
 * accepted and dropped. Every setup compared exports over OTLP/HTTP with protobuf by default, so this one receiver
 * sees all of them the same way.
 * <p>
 * The decoder reads the protobuf wire format directly, for the few fields the judge needs (field numbers from
 * opentelemetry-proto's {@code trace.proto}); everything else is skipped.
 */
public final class OtlpCollector implements AutoCloseable {

	private static final String[] KINDS = { "UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER" };

	private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();

	private final List<String> problems = new CopyOnWriteArrayList<>();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "otlp-collector");
		thread.setDaemon(true);
		return thread;
	});

	public OtlpCollector() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/**
	 * Returns the base URL (no path) the exporters are given.
	 * @return the endpoint
	 */
	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Returns the URL of the traces path.
	 * @return the traces endpoint
	 */
	public String tracesEndpoint() {
		return endpoint() + "/v1/traces";
	}

	public List<ExportedSpan> spans() {
		return List.copyOf(this.spans);
	}

	/**
	 * Returns the requests that could not be decoded.
	 * @return the problems
	 */
	public List<String> problems() {
		return List.copyOf(this.problems);
	}

	public void clear() {
		this.spans.clear();
		this.problems.clear();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			if ("POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
				try {
					String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
					if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
						try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
							body = in.readAllBytes();
						}
					}
					String type = exchange.getRequestHeaders().getFirst("Content-Type");
					if (type != null && type.contains("json")) {
						this.problems.add("OTLP/JSON is not supported: " + type);
					}
					else {
						this.spans.addAll(decode(body));
					}
				}
				catch (RuntimeException | IOException ex) {
					this.problems.add("undecodable export: " + ex);
				}
			}
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
		}
	}

	/**
	 * Decodes an {@code ExportTraceServiceRequest}.
	 * @param request the protobuf bytes
	 * @return the spans
	 */
	static List<ExportedSpan> decode(byte[] request) {
		List<ExportedSpan> spans = new ArrayList<>();
		Reader reader = new Reader(request, 0, request.length);
		while (reader.hasMore()) {
			int tag = reader.tag();
			if (tag >>> 3 == 1 && (tag & 7) == 2) {
				resourceSpans(reader.message(), spans);
			}
			else {
				reader.skip(tag);
			}
		}
		return spans;
	}

	private static void resourceSpans(Reader reader, List<ExportedSpan> spans) {
		while (reader.hasMore()) {
			int tag = reader.tag();
			if (tag >>> 3 == 2 && (tag & 7) == 2) {
				scopeSpans(reader.message(), spans);
			}
			else {
				reader.skip(tag);
			}
		}
	}

	private static void scopeSpans(Reader reader, List<ExportedSpan> spans) {
		List<Reader> spanMessages = new ArrayList<>();
		String scope = "";
		while (reader.hasMore()) {
			int tag = reader.tag();
			if (tag >>> 3 == 1 && (tag & 7) == 2) {
				scope = scopeName(reader.message());
			}
			else if (tag >>> 3 == 2 && (tag & 7) == 2) {
				spanMessages.add(reader.message());
			}
			else {
				reader.skip(tag);
			}
		}
		for (Reader span : spanMessages) {
			spans.add(span(span, scope));
		}
	}

	private static String scopeName(Reader reader) {
		String name = "";
		while (reader.hasMore()) {
			int tag = reader.tag();
			if (tag >>> 3 == 1 && (tag & 7) == 2) {
				name = reader.string();
			}
			else {
				reader.skip(tag);
			}
		}
		return name;
	}

	private static ExportedSpan span(Reader reader, String scope) {
		String traceId = "";
		String spanId = "";
		String parentSpanId = "";
		String name = "";
		String kind = KINDS[0];
		Map<String, String> attributes = new LinkedHashMap<>();
		List<ExportedSpan.Link> links = new ArrayList<>();
		while (reader.hasMore()) {
			int tag = reader.tag();
			int field = tag >>> 3;
			int wireType = tag & 7;
			if (field == 1 && wireType == 2) {
				traceId = reader.hex();
			}
			else if (field == 2 && wireType == 2) {
				spanId = reader.hex();
			}
			else if (field == 4 && wireType == 2) {
				parentSpanId = reader.hex();
			}
			else if (field == 5 && wireType == 2) {
				name = reader.string();
			}
			else if (field == 6 && wireType == 0) {
				int value = (int) reader.varint();
				kind = (value >= 0 && value < KINDS.length) ? KINDS[value] : "UNKNOWN(" + value + ")";
			}
			else if (field == 9 && wireType == 2) {
				keyValue(reader.message(), attributes);
			}
			else if (field == 13 && wireType == 2) {
				links.add(link(reader.message()));
			}
			else {
				reader.skip(tag);
			}
		}
		return new ExportedSpan(traceId, spanId, parentSpanId, name, kind, scope, attributes, links);
	}

	private static void keyValue(Reader reader, Map<String, String> attributes) {
		String key = "";
		String value = "";
		while (reader.hasMore()) {
			int tag = reader.tag();
			if (tag >>> 3 == 1 && (tag & 7) == 2) {
				key = reader.string();
			}
			else if (tag >>> 3 == 2 && (tag & 7) == 2) {
				value = anyValue(reader.message());
			}
			else {
				reader.skip(tag);
			}
		}
		attributes.put(key, value);
	}

	private static String anyValue(Reader reader) {
		String value = "";
		while (reader.hasMore()) {
			int tag = reader.tag();
			int field = tag >>> 3;
			int wireType = tag & 7;
			if (field == 1 && wireType == 2) {
				value = reader.string();
			}
			else if (field == 2 && wireType == 0) {
				value = String.valueOf(reader.varint() != 0);
			}
			else if (field == 3 && wireType == 0) {
				value = String.valueOf(reader.varint());
			}
			else if (field == 4 && wireType == 1) {
				value = String.valueOf(Double.longBitsToDouble(reader.fixed64()));
			}
			else {
				reader.skip(tag);
				value = "(complex)";
			}
		}
		return value;
	}

	private static ExportedSpan.Link link(Reader reader) {
		String traceId = "";
		String spanId = "";
		while (reader.hasMore()) {
			int tag = reader.tag();
			if (tag >>> 3 == 1 && (tag & 7) == 2) {
				traceId = reader.hex();
			}
			else if (tag >>> 3 == 2 && (tag & 7) == 2) {
				spanId = reader.hex();
			}
			else {
				reader.skip(tag);
			}
		}
		return new ExportedSpan.Link(traceId, spanId);
	}

	/**
	 * Reads protobuf wire format from a slice of a byte array.
	 */
	private static final class Reader {

		private final byte[] bytes;

		private int position;

		private final int end;

		Reader(byte[] bytes, int position, int end) {
			this.bytes = bytes;
			this.position = position;
			this.end = end;
		}

		boolean hasMore() {
			return this.position < this.end;
		}

		int tag() {
			return (int) varint();
		}

		long varint() {
			long result = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				if (this.position >= this.end) {
					throw new IllegalArgumentException("truncated varint");
				}
				byte b = this.bytes[this.position++];
				result |= (long) (b & 0x7f) << shift;
				if ((b & 0x80) == 0) {
					return result;
				}
			}
			throw new IllegalArgumentException("malformed varint");
		}

		long fixed64() {
			long result = 0;
			for (int i = 0; i < 8; i++) {
				result |= (this.bytes[advance(1)] & 0xffL) << (8 * i);
			}
			return result;
		}

		Reader message() {
			int length = length();
			int start = advance(length);
			return new Reader(this.bytes, start, start + length);
		}

		String string() {
			int length = length();
			return new String(this.bytes, advance(length), length, StandardCharsets.UTF_8);
		}

		String hex() {
			int length = length();
			int start = advance(length);
			return HexFormat.of().formatHex(this.bytes, start, start + length);
		}

		void skip(int tag) {
			switch (tag & 7) {
				case 0 -> varint();
				case 1 -> advance(8);
				case 2 -> advance(length());
				case 5 -> advance(4);
				default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
			}
		}

		private int length() {
			long length = varint();
			if (length < 0 || length > this.end - this.position) {
				throw new IllegalArgumentException("bad length " + length);
			}
			return (int) length;
		}

		private int advance(int count) {
			if (count > this.end - this.position) {
				throw new IllegalArgumentException("truncated field");
			}
			int start = this.position;
			this.position += count;
			return start;
		}

	}

}
