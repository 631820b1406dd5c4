package dev.tracewire.testapp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Counts every span the SDK starts and ends, and remembers the ones still open, so that a test can prove that
 * every span ended exactly once. As a bean, Boot adds it to its tracer provider.
 */
public class SpanLifecycleCounter implements SpanProcessor {

	private final AtomicLong started = new AtomicLong();

	private final AtomicLong ended = new AtomicLong();

	private final AtomicLong unmatchedEnds = new AtomicLong();

	private final Map<String, String> open = new ConcurrentHashMap<>();

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		this.started.incrementAndGet();
		this.open.put(span.getSpanContext().getSpanId(), span.getName());
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		this.ended.incrementAndGet();
		if (this.open.remove(span.getSpanContext().getSpanId()) == null) {
			this.unmatchedEnds.incrementAndGet();
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	public long started() {
		return this.started.get();
	}

	public long ended() {
		return this.ended.get();
	}

	/**
	 * Returns how many ends matched no open span (a span ended twice, or never started).
	 * @return the number of unmatched ends
	 */
	public long unmatchedEnds() {
		return this.unmatchedEnds.get();
	}

	/**
	 * Returns the names of the spans started and not ended yet.
	 * @return the open spans
	 */
	public List<String> openSpans() {
		return List.copyOf(this.open.values());
	}

}
