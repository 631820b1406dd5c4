package dev.tracewire.redaction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.ResponseContext;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Records the HTTP headers the application asked for as span attributes
 * ({@code http.request.header.<name>}, {@code http.response.header.<name>}), masked by the {@link Redactor}.
 * Credentials ({@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, {@code Set-Cookie}) are refused.
 */
public final class CapturedHeadersObservationFilter implements ObservationFilter {

	/**
	 * Headers that are never captured, whatever the configuration says.
	 */
	public static final Set<String> FORBIDDEN = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

	private static final boolean SERVLET_PRESENT = ClassUtils.isPresent("jakarta.servlet.http.HttpServletResponse",
			CapturedHeadersObservationFilter.class.getClassLoader());

	private static final boolean SPRING_WEB_PRESENT = ClassUtils.isPresent(
			"org.springframework.http.client.observation.ClientRequestObservationContext",
			CapturedHeadersObservationFilter.class.getClassLoader());

	private final List<String> requestHeaders;

	private final List<String> responseHeaders;

	private final Redactor redactor;

	/**
	 * Creates the filter.
	 * @param requestHeaders request header names to capture
	 * @param responseHeaders response header names to capture
	 * @param redactor what masks the values
	 * @throws IllegalArgumentException if a credential header is named
	 */
	public CapturedHeadersObservationFilter(Collection<String> requestHeaders, Collection<String> responseHeaders,
			Redactor redactor) {
		this.requestHeaders = checked(requestHeaders);
		this.responseHeaders = checked(responseHeaders);
		this.redactor = redactor;
	}

	private static List<String> checked(Collection<String> names) {
		List<String> result = new ArrayList<>();
		for (String name : names) {
			String lowerCase = name.trim().toLowerCase(Locale.ROOT);
			if (FORBIDDEN.contains(lowerCase)) {
				throw new IllegalArgumentException("The '" + name + "' header carries credentials and is never "
						+ "captured; remove it from tracewire.redaction.captured-request-headers / "
						+ "captured-response-headers");
			}
			result.add(lowerCase);
		}
		return List.copyOf(result);
	}

	@Override
	public Observation.Context map(Observation.Context context) {
		if (!this.requestHeaders.isEmpty()) {
			for (String name : this.requestHeaders) {
				add(context, "http.request.header." + name, requestHeader(context, name));
			}
		}
		if (!this.responseHeaders.isEmpty() && context instanceof ResponseContext<?> responseContext) {
			for (String name : this.responseHeaders) {
				add(context, "http.response.header." + name, responseHeader(responseContext.getResponse(), name));
			}
		}
		return context;
	}

	private void add(Observation.Context context, String key, @Nullable List<String> values) {
		if (values != null && !values.isEmpty()) {
			context.addHighCardinalityKeyValue(KeyValue.of(key, this.redactor.redact(key, String.join(",", values))));
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static @Nullable List<String> requestHeader(Observation.Context context, String name) {
		if (context instanceof ReceiverContext receiver && receiver.getCarrier() != null) {
			List<String> values = new ArrayList<>();
			receiver.getGetter().getAll(receiver.getCarrier(), name).forEach((value) -> values.add((String) value));
			return values;
		}
		if (SPRING_WEB_PRESENT
				&& context instanceof org.springframework.http.client.observation.ClientRequestObservationContext client
				&& client.getCarrier() != null) {
			return client.getCarrier().getHeaders().get(name);
		}
		return null;
	}

	private static @Nullable List<String> responseHeader(@Nullable Object response, String name) {
		if (SERVLET_PRESENT && response instanceof jakarta.servlet.http.HttpServletResponse servlet) {
			return new ArrayList<>(servlet.getHeaders(name));
		}
		if (SPRING_WEB_PRESENT && response instanceof org.springframework.http.server.reactive.ServerHttpResponse reactive) {
			return reactive.getHeaders().get(name);
		}
		if (SPRING_WEB_PRESENT && response instanceof org.springframework.http.client.ClientHttpResponse client) {
			return client.getHeaders().get(name);
		}
		return null;
	}

}
