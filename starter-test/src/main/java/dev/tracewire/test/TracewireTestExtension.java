package dev.tracewire.test;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * JUnit extension that gives every traced test a clean start and fails a test that leaves tracing context open.
 *
 * <p>Before each test it clears the {@link TestSpans} of the test's Spring context. After each test it fails the
 * test if, on the test thread, an OpenTelemetry {@link Context} other than the root, a Micrometer {@link Span} or
 * an {@link Observation} is still current: a scope was opened and not closed, and it would leak into every later
 * test on that thread. Beans the context does not have are not checked.
 *
 * <p>Registered by {@link TracewireTest @TracewireTest}; it needs Spring's {@link SpringExtension} (which
 * {@code @SpringBootTest} registers), in either order.
 */
public final class TracewireTestExtension implements BeforeEachCallback, AfterEachCallback {

	private static final Namespace NAMESPACE = Namespace.create(TracewireTestExtension.class);

	@Override
	public void beforeEach(ExtensionContext extensionContext) {
		ApplicationContext context = SpringExtension.getApplicationContext(extensionContext);
		context.getBeanProvider(TestSpans.class).ifUnique(TestSpans::reset);
		// Looked up now: after the test, the context may already be closed (@DirtiesContext).
		extensionContext.getStore(NAMESPACE)
			.put(TracingBeans.class, new TracingBeans(context.getBeanProvider(Tracer.class).getIfUnique(),
					context.getBeanProvider(ObservationRegistry.class).getIfUnique()));
	}

	@Override
	public void afterEach(ExtensionContext extensionContext) {
		TracingBeans beans = extensionContext.getStore(NAMESPACE).remove(TracingBeans.class, TracingBeans.class);
		List<String> leaks = new ArrayList<>();
		Context otelContext = Context.current();
		if (otelContext != Context.root()) {
			leaks.add("OpenTelemetry context " + otelContext + " is current (an io.opentelemetry.context.Scope "
					+ "was not closed)");
		}
		Tracer tracer = (beans != null) ? beans.tracer() : null;
		Span span = (tracer != null) ? tracer.currentSpan() : null;
		if (span != null) {
			leaks.add("Micrometer span " + span + " is current (a Tracer.SpanInScope was not closed)");
		}
		ObservationRegistry registry = (beans != null) ? beans.observationRegistry() : null;
		Observation observation = (registry != null) ? registry.getCurrentObservation() : null;
		if (observation != null) {
			leaks.add("Observation " + observation + " is current (an Observation.Scope was not closed)");
		}
		if (!leaks.isEmpty()) {
			throw new AssertionError("Test " + extensionContext.getDisplayName() + " leaked tracing context on thread '"
					+ Thread.currentThread().getName() + "':\n  - " + String.join("\n  - ", leaks)
					+ "\nClose every scope the test opens (try-with-resources); an open scope stays current for "
					+ "the tests that run after it on this thread.");
		}
	}

	private record TracingBeans(@Nullable Tracer tracer, @Nullable ObservationRegistry observationRegistry) {

	}

}
