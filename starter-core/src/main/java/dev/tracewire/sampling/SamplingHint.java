package dev.tracewire.sampling;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.tracewire.propagation.InboundSampling;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.ReceiverContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * What the sampler should know about a span that is about to start but has no name or attributes yet: the name of
 * its observation and, for an incoming HTTP request, its method and path.
 * <p>
 * Micrometer names and tags a span only when its observation stops, long after OpenTelemetry asked the sampler;
 * Tracewire's tracing handlers make this hint visible on the starting thread while the span starts ({@link #open}),
 * and the sampler reads it ({@link #from}); a hint may also travel in the parent context.
 *
 * @param observationName the observation's name, such as {@code http.server.requests}
 * @param method the HTTP method of an incoming request, upper case
 * @param path the path of an incoming request within the application, without query
 * @param inboundSampling what the caller's B3 headers said beyond the ids, for an incoming request or message
 */
public record SamplingHint(String observationName, @Nullable String method, @Nullable String path,
		@Nullable InboundSampling inboundSampling) {

	private static final ContextKey<SamplingHint> KEY = ContextKey.named("tracewire-sampling-hint");

	private static final boolean SERVLET_PRESENT = ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
			SamplingHint.class.getClassLoader());

	private static final boolean SPRING_WEB_PRESENT = ClassUtils
		.isPresent("org.springframework.http.server.reactive.ServerHttpRequest", SamplingHint.class.getClassLoader());

	// The hint of the span starting on this thread. A plain thread local rather than a current OpenTelemetry
	// context: making a context current allocates it and publishes scope events to Boot's listeners (its log
	// correlation among them), on every incoming request.
	private static final ThreadLocal<@Nullable SamplingHint> STARTING = new ThreadLocal<>();

	private static final Scope CLEAR_STARTING = STARTING::remove;

	/**
	 * Returns the hint for a span about to start: the one in the given context, if any, otherwise the one opened
	 * on this thread.
	 * @param context the context the sampler was given as parent
	 * @return the hint or {@code null}
	 */
	public static @Nullable SamplingHint from(Context context) {
		SamplingHint hint = context.get(KEY);
		return (hint != null) ? hint : STARTING.get();
	}

	/**
	 * Makes a hint for the given observation visible to spans started on this thread until the returned scope is
	 * closed.
	 * @param observation the observation whose span is about to start
	 * @return the scope to close once the span has started
	 */
	public static Scope open(Observation.Context observation) {
		SamplingHint previous = STARTING.get();
		STARTING.set(of(observation));
		return (previous != null) ? () -> STARTING.set(previous) : CLEAR_STARTING;
	}

	Context storeIn(Context context) {
		return context.with(KEY, this);
	}

	/**
	 * A hint with only the observation name.
	 * @param observationName the observation's name
	 */
	public SamplingHint(String observationName) {
		this(observationName, null, null, null);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static SamplingHint of(Observation.Context observation) {
		if (!(observation instanceof ReceiverContext receiver) || receiver.getCarrier() == null) {
			return new SamplingHint(observation.getName());
		}
		Object carrier = receiver.getCarrier();
		InboundSampling inbound = InboundSampling.fromHeaders((name) -> lines(receiver.getGetter().getAll(carrier, name)));
		if (SERVLET_PRESENT && carrier instanceof jakarta.servlet.http.HttpServletRequest request) {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			return new SamplingHint(observation.getName(), request.getMethod(), path, inbound);
		}
		if (SPRING_WEB_PRESENT && carrier instanceof org.springframework.http.server.reactive.ServerHttpRequest request) {
			return new SamplingHint(observation.getName(), request.getMethod().name(),
					request.getPath().pathWithinApplication().value(), inbound);
		}
		return new SamplingHint(observation.getName(), null, null, inbound);
	}

	// Asked for up to six headers on every incoming request, most of them absent: no list made for those.
	private static List<String> lines(Iterable<?> all) {
		Iterator<?> lines = all.iterator();
		if (!lines.hasNext()) {
			return List.of();
		}
		String first = (String) lines.next();
		if (!lines.hasNext()) {
			return List.of(first);
		}
		List<String> more = new ArrayList<>(2);
		more.add(first);
		lines.forEachRemaining((line) -> more.add((String) line));
		return more;
	}

}
