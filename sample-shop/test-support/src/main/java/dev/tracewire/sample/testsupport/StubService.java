package dev.tracewire.sample.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A tiny HTTP server standing in for another service: answers scripted per method and path prefix, every request
 * recorded with the {@code traceparent} it carried.
 */
public final class StubService {

	private final HttpServer server;

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final Map<String, Answer> defaults;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private StubService(Map<String, Answer> defaults) {
		this.defaults = defaults;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "stub-service");
			thread.setDaemon(true);
			return thread;
		}));
		this.server.createContext("/", this::handle);
		this.server.start();
		reset();
	}

	/**
	 * Starts a stub on a free loopback port.
	 * @param defaults the answers after each {@link #reset()}, by {@code "METHOD /path-prefix"}
	 */
	public static StubService start(Map<String, Answer> defaults) {
		return new StubService(defaults);
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Answers requests whose method and path start with {@code route} (for example {@code "POST /charges"}).
	 */
	public void answer(String route, Answer answer) {
		this.answers.put(route, answer);
	}

	/**
	 * Returns the requests received so far whose method and path start with {@code route}.
	 */
	public List<Request> requests(String route) {
		return this.requests.stream().filter((request) -> request.route().startsWith(route)).toList();
	}

	public void reset() {
		this.requests.clear();
		this.answers.clear();
		this.answers.putAll(this.defaults);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Request request = new Request(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("traceparent"), body);
		this.requests.add(request);
		// The longest matching route wins: "GET /orders/o-1" before "GET /orders/".
		Answer answer = this.answers.entrySet()
			.stream()
			.filter((entry) -> request.route().startsWith(entry.getKey()))
			.max(Comparator.comparingInt((entry) -> entry.getKey().length()))
			.map(Map.Entry::getValue)
			.orElse(new Answer(404, "", Duration.ZERO));
		try {
			Thread.sleep(answer.delay().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
		try (exchange) {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(answer.status(), (bytes.length == 0) ? -1 : bytes.length);
			if (bytes.length > 0) {
				exchange.getResponseBody().write(bytes);
			}
		}
		catch (IOException ex) {
			// The caller gave up (a timeout under test): nothing to answer to.
		}
	}

	/**
	 * A scripted answer.
	 *
	 * @param status the HTTP status
	 * @param body the JSON body, empty for none
	 * @param delay how long to wait before answering
	 */
	public record Answer(int status, String body, Duration delay) {

		public static Answer of(int status, String body) {
			return new Answer(status, body, Duration.ZERO);
		}

	}

	/**
	 * A received request.
	 *
	 * @param route method and path, for example {@code "DELETE /reservations/r-1"}
	 * @param traceparent its {@code traceparent} header
	 * @param body its body
	 */
	public record Request(String route, @Nullable String traceparent, String body) {
	}

}
