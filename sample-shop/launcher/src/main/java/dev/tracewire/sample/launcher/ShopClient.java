package dev.tracewire.sample.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to the shop over HTTP: checkouts through the gateway, fault switches on each service.
 */
final class ShopClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Map<ShopService, URI> urls;

	private final HttpClient http;

	ShopClient(Map<ShopService, URI> urls, HttpClient http) {
		this.urls = urls;
		this.http = http;
	}

	/**
	 * Sends one checkout through the gateway ({@code POST /api/checkout}).
	 * @param number its place in the script
	 * @param request the body
	 * @return what happened; never throws for HTTP or connection failures
	 */
	Checkout checkout(int number, CheckoutRequest request) {
		long start = System.nanoTime();
		HttpRequest post = HttpRequest.newBuilder(this.urls.get(ShopService.GATEWAY).resolve("/api/checkout"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
			.build();
		try {
			HttpResponse<String> response = this.http.send(post, HttpResponse.BodyHandlers.ofString());
			String traceResponse = response.headers().firstValue("traceresponse").orElse(null);
			return new Checkout(number, request, response.statusCode(), response.body(),
					Checkout.traceIdOf(traceResponse), Checkout.sampledOf(traceResponse), since(start));
		}
		catch (IOException ex) {
			return new Checkout(number, request, 0, String.valueOf(ex), null, false, since(start));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Checkout(number, request, 0, "interrupted", null, false, since(start));
		}
	}

	/**
	 * Switches a fault ({@code POST /actuator/faults/<name>} with {@code {"enabled":...}}).
	 * @param fault the fault
	 * @param enabled whether it should be on
	 * @throws IllegalStateException if the service does not answer 200
	 */
	void setFault(Fault fault, boolean enabled) {
		URI uri = this.urls.get(fault.service()).resolve("/actuator/faults/" + fault.switchName());
		HttpRequest post = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":" + enabled + "}"))
			.build();
		try {
			HttpResponse<String> response = this.http.send(post, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("POST " + uri + " answered " + response.statusCode() + ": "
						+ response.body());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("POST " + uri + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * Reads what happened to the service's local traces so far: the {@code traces} of its
	 * {@code /actuator/tracewire} ({@code sampled}, {@code kept-error}, {@code kept-slow}, {@code kept-downstream},
	 * {@code discarded}, {@code evicted}, {@code over-limit}, each once counted, and a few other counters).
	 * @param service the service
	 * @return the counts by name, sorted
	 * @throws IllegalStateException if the service does not answer 200
	 */
	Map<String, Long> traceOutcomes(ShopService service) {
		URI uri = this.urls.get(service).resolve("/actuator/tracewire");
		HttpRequest get = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
		try {
			HttpResponse<String> response = this.http.send(get, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("GET " + uri + " answered " + response.statusCode() + ": "
						+ response.body());
			}
			Map<String, Long> outcomes = new TreeMap<>();
			json.readTree(response.body())
				.path("traces")
				.properties()
				.forEach((entry) -> outcomes.put(entry.getKey(), entry.getValue().asLong()));
			return outcomes;
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + uri + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static Duration since(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
