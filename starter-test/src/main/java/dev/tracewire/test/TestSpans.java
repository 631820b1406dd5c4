package dev.tracewire.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;

/**
 * Captures the spans a test produces, in the order they finish, and waits for spans that end on other threads.
 *
 * <p>Spans arrive synchronously when they end, but server and messaging spans end on other threads, sometimes
 * after the client already has its answer: use {@link #awaitCount(int)} or {@link #awaitSpan(String)} rather than
 * {@link #finished()} when the span under test is not ended by the test thread.
 *
 * <p>Obtain it by injection ({@code @Autowired TestSpans spans}) or with {@link #from(ApplicationContext)}. One
 * instance serves every test that shares a Spring test context, so those tests must not run in parallel.
 */
public final class TestSpans {

	/**
	 * How long the {@code await} methods wait when no timeout is given.
	 */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final Supplier<@Nullable SdkTracerProvider> tracerProviderLookup;

	private volatile @Nullable SdkTracerProvider tracerProvider;

	/**
	 * Create an instance.
	 * @param tracerProvider looks up the tracer provider to flush before each read (called lazily, until it
	 * returns one); may return {@code null}
	 */
	public TestSpans(Supplier<@Nullable SdkTracerProvider> tracerProvider) {
		this.tracerProviderLookup = tracerProvider;
	}

	/**
	 * Return the {@code TestSpans} bean of a context.
	 * @param context a context configured with {@link TracewireTestAutoConfiguration}
	 * @return the captured spans
	 * @throws IllegalStateException if the context has no {@code TestSpans} bean
	 */
	public static TestSpans from(ApplicationContext context) {
		TestSpans spans = context.getBeanProvider(TestSpans.class).getIfUnique();
		if (spans == null) {
			throw new IllegalStateException("No unique TestSpans bean in " + context
					+ "; annotate the test with @TracewireTest or add TracewireTestAutoConfiguration");
		}
		return spans;
	}

	/**
	 * Return the spans finished so far, flushing the tracer provider first.
	 * @return a snapshot of the finished spans
	 */
	public List<SpanData> finished() {
		SdkTracerProvider provider = tracerProvider();
		if (provider != null) {
			provider.forceFlush().join(1, TimeUnit.SECONDS);
		}
		return this.exporter.getFinishedSpanItems();
	}

	/**
	 * Forget every span captured so far.
	 */
	public void reset() {
		this.exporter.reset();
	}

	/**
	 * Wait up to {@link #DEFAULT_TIMEOUT} until at least {@code count} spans have finished.
	 * @param count the number of spans to wait for
	 * @return a snapshot of the finished spans (at least {@code count})
	 * @throws AssertionError if fewer spans finished in time
	 */
	public List<SpanData> awaitCount(int count) {
		return awaitCount(count, DEFAULT_TIMEOUT);
	}

	/**
	 * Wait until at least {@code count} spans have finished.
	 * @param count the number of spans to wait for
	 * @param timeout how long to wait
	 * @return a snapshot of the finished spans (at least {@code count})
	 * @throws AssertionError if fewer spans finished in time
	 */
	public List<SpanData> awaitCount(int count, Duration timeout) {
		return await((spans) -> spans.size() >= count, timeout, "at least " + count + " finished spans");
	}

	/**
	 * Wait up to {@link #DEFAULT_TIMEOUT} for a span with the given name and return it.
	 * @param name the span name
	 * @return the span
	 * @throws AssertionError if no such span finished in time, or more than one did
	 */
	public SpanData awaitSpan(String name) {
		return awaitSpan((span) -> span.getName().equals(name), "named '" + name + "'");
	}

	/**
	 * Wait up to {@link #DEFAULT_TIMEOUT} for a span with the given name and kind and return it.
	 * @param name the span name
	 * @param kind the span kind
	 * @return the span
	 * @throws AssertionError if no such span finished in time, or more than one did
	 */
	public SpanData awaitSpan(String name, SpanKind kind) {
		return awaitSpan((span) -> span.getName().equals(name) && span.getKind() == kind,
				"named '" + name + "' of kind " + kind);
	}

	InMemorySpanExporter exporter() {
		return this.exporter;
	}

	// Waits until one match has finished, then insists that it is the only one.
	private SpanData awaitSpan(Predicate<SpanData> matcher, String description) {
		List<SpanData> spans = await((finished) -> finished.stream().anyMatch(matcher), DEFAULT_TIMEOUT,
				"a span " + description);
		List<SpanData> matches = spans.stream().filter(matcher).toList();
		if (matches.size() != 1) {
			throw new AssertionError("Expected exactly one span " + description + " but found " + matches.size()
					+ " among:\n" + SpanDescriptions.tree(spans));
		}
		return matches.get(0);
	}

	private List<SpanData> await(Predicate<List<SpanData>> condition, Duration timeout, String expectation) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<SpanData> spans = finished();
		while (!condition.test(spans)) {
			if (System.nanoTime() - deadline >= 0) {
				throw new AssertionError("Expected " + expectation + " within " + timeout + " but captured "
						+ spans.size() + ":\n" + SpanDescriptions.tree(spans));
			}
			sleep();
			spans = finished();
		}
		return spans;
	}

	private @Nullable SdkTracerProvider tracerProvider() {
		SdkTracerProvider provider = this.tracerProvider;
		if (provider == null) {
			provider = this.tracerProviderLookup.get();
			this.tracerProvider = provider;
		}
		return provider;
	}

	private static void sleep() {
		try {
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for spans", ex);
		}
	}

}
