package dev.tracewire.sample.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads traces from Zipkin's v2 API.
 */
final class ZipkinClient {

	private static final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final URI base;

	private final HttpClient http;

	/**
	 * Creates a client.
	 * @param base Zipkin's root URL, for example {@code http://localhost:9411}
	 * @param http the HTTP client
	 */
	ZipkinClient(URI base, HttpClient http) {
		this.base = base;
		this.http = http;
	}

	URI base() {
		return this.base;
	}

	/**
	 * Returns the address of a trace in Zipkin's UI.
	 * @param traceId the trace id
	 * @return the UI URL
	 */
	URI uiUrl(String traceId) {
		return this.base.resolve("/zipkin/traces/" + traceId);
	}

	/**
	 * Returns the spans Zipkin has of one trace so far.
	 * @param traceId the trace id
	 * @return the spans, empty when Zipkin has none yet
	 */
	Trace trace(String traceId) {
		HttpResponse<String> response = get("/api/v2/trace/" + traceId);
		if (response.statusCode() == 404) {
			return new Trace(traceId, List.of());
		}
		return new Trace(traceId, json.readValue(response.body(), new TypeReference<List<ZipkinSpan>>() {
		}));
	}

	/**
	 * Searches traces that have a span of a service.
	 * @param serviceName the service
	 * @param annotationQuery Zipkin's annotation query, for example {@code error}, or empty for any
	 * @param lookback how far back from now
	 * @param limit the most traces to return
	 * @return the traces, newest first
	 */
	List<Trace> traces(String serviceName, String annotationQuery, Duration lookback, int limit) {
		String query = "/api/v2/traces?serviceName=" + encode(serviceName) + "&lookback=" + lookback.toMillis()
				+ "&endTs=" + System.currentTimeMillis() + "&limit=" + limit
				+ (annotationQuery.isEmpty() ? "" : "&annotationQuery=" + encode(annotationQuery));
		HttpResponse<String> response = get(query);
		List<List<ZipkinSpan>> traces = json.readValue(response.body(), new TypeReference<List<List<ZipkinSpan>>>() {
		});
		return traces.stream().map((spans) -> new Trace(spans.get(0).traceId(), spans)).toList();
	}

	private HttpResponse<String> get(String pathAndQuery) {
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve(pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200 && response.statusCode() != 404) {
				throw new IllegalStateException(
						"Zipkin answered " + response.statusCode() + " to " + pathAndQuery + ": " + response.body());
			}
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot reach Zipkin at " + this.base + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while asking Zipkin", ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
