package dev.tracewire.jdbc;

import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Leaves out the spans of statements that run while the application context starts and outside any span:
 * schema and data scripts, migrations, warm-up queries. Each would otherwise be a one-span trace of its own,
 * exported again at every start. Statements under a span (a request, a listener, a scheduled job) are always
 * traced, and so is every statement once the context has been refreshed.
 */
public final class StartupStatementsObservationPredicate
		implements ObservationPredicate, ApplicationListener<ContextRefreshedEvent> {

	private final Supplier<@Nullable ObservationRegistry> registry;

	private volatile boolean started;

	/**
	 * Creates the predicate.
	 * @param registry the observation registry, looked up when a statement runs during startup
	 */
	public StartupStatementsObservationPredicate(Supplier<@Nullable ObservationRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		if (this.started || !(context instanceof JdbcObservationContext)) {
			return true;
		}
		ObservationRegistry registry = this.registry.get();
		if (registry != null && registry.getCurrentObservation() != null) {
			return true;
		}
		return io.opentelemetry.api.trace.Span.current().getSpanContext().isValid();
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		this.started = true;
	}

}
