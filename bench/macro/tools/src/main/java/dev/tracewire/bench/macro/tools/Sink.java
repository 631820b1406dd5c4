package dev.tracewire.bench.macro.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The loopback OTLP/HTTP receiver every variant exports to: {@code POST /v1/traces} (protobuf, plain or gzip)
 * answers 200 with an empty {@code ExportTraceServiceResponse} and counts the spans with {@link OtlpSpanCounter};
 * {@code GET /counts} reports the totals and {@code GET /names} the spans by kind and name, both as
 * {@code key=value} lines. Nothing is stored. Other handlers (the infrastructure's) can be added to its server.
 * <p>
 * Usage on its own: {@code java -cp ... dev.tracewire.bench.macro.tools.Sink [port]} (default 14318).
 */
final class Sink {

	private final OtlpSpanCounter counter = new OtlpSpanCounter();

	private final HttpServer server;

	private final ExecutorService executor;

	Sink(int port) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
		// Two threads: exporters send a batch at a time per process, and the sink shares the load core.
		this.executor = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "otlp-sink");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/v1/traces", this::traces);
		this.server.createContext("/counts", (exchange) -> text(exchange, 200, lines(counts())));
		this.server.createContext("/names", (exchange) -> text(exchange, 200, lines(this.counter.names())));
	}

	public static void main(String[] args) throws IOException {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 14318;
		Sink sink = new Sink(port);
		sink.start();
		System.out.println("READY sink=http://127.0.0.1:" + sink.port() + "/v1/traces");
	}

	void start() {
		this.server.start();
	}

	void stop() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	void addHandler(String path, HttpHandler handler) {
		this.server.createContext(path, handler);
	}

	Map<String, Long> counts() {
		Map<String, Long> counts = new TreeMap<>();
		counts.put("spans", this.counter.spans());
		counts.put("roots", this.counter.roots());
		counts.put("exports", this.counter.requests());
		counts.put("bytes", this.counter.bytes());
		counts.put("malformed", this.counter.malformed());
		return counts;
	}

	private void traces(HttpExchange exchange) throws IOException {
		try {
			if (!"POST".equals(exchange.getRequestMethod())) {
				text(exchange, 405, "POST only\n");
				return;
			}
			String type = exchange.getRequestHeaders().getFirst("Content-Type");
			if (type != null && !type.startsWith("application/x-protobuf")) {
				// OTLP/JSON is not counted: every variant here is configured for http/protobuf.
				this.counter.count(new byte[] { -1 });
				text(exchange, 415, "application/x-protobuf only\n");
				return;
			}
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
				body = ("gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in).readAllBytes();
			}
			long spans = this.counter.count(body);
			exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
			// An empty ExportTraceServiceResponse (no partial_success) is zero bytes.
			exchange.sendResponseHeaders((spans < 0) ? 400 : 200, -1);
		}
		finally {
			exchange.close();
		}
	}

	static String lines(Map<String, ?> values) {
		StringBuilder text = new StringBuilder();
		values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
		return text.toString();
	}

	static void text(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
