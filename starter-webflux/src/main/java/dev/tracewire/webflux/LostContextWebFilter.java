package dev.tracewire.webflux;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.tracewire.context.LostContextRecorder;
import dev.tracewire.reactor.LostContextDetection;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Marks the Reactor context of every traced request so that {@link LostContextDetection} reports the reactive
 * work of that request that runs without its trace context.
 * <p>
 * With automatic context propagation it does nothing: Reactor restores the context after every hop. Otherwise it
 * installs the detection's Reactor hook on the first request (and removes it when it is destroyed as a bean), so
 * that an application running with automatic propagation never pays for the hook.
 */
public final class LostContextWebFilter implements WebFilter, Ordered, DisposableBean {

	/**
	 * Order of this filter: early, so that the work of later filters is watched too.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private final Supplier<LostContextRecorder> recorder;

	private final AtomicBoolean installed = new AtomicBoolean();

	/**
	 * Creates a filter that resolves its recorder on the first request.
	 * @param recorder supplies the recorder to report losses to
	 */
	public LostContextWebFilter(Supplier<LostContextRecorder> recorder) {
		this.recorder = recorder;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (Hooks.isAutomaticContextPropagationEnabled()) {
			return chain.filter(exchange);
		}
		if (!this.installed.get() && this.installed.compareAndSet(false, true)) {
			LostContextDetection.install();
		}
		return chain.filter(exchange)
			.contextWrite((context) -> context.hasKey(ObservationThreadLocalAccessor.KEY)
					? LostContextDetection.watch(context, this.recorder.get()) : context);
	}

	@Override
	public void destroy() {
		if (this.installed.compareAndSet(true, false)) {
			LostContextDetection.uninstall();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
