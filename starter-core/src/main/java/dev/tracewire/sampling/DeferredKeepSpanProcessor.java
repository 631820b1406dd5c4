package dev.tracewire.sampling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the traces that fail or are slow, whatever the sampler decided: the spans of a trace that was not sampled
 * but recorded (see {@link TracewireSampler.Builder#recordUnsampled(boolean)}) are held here, never exported, until
 * every span of the trace that started in this process has ended. If one of them ended with an error, or a local
 * root (a span whose parent is remote or absent) took at least the slow threshold, or a service it called kept its
 * own part of the trace ({@link #keepForCallee}), all of them go to the wrapped processor, marked sampled and with
 * {@value #KEPT_ATTRIBUTE} saying why ({@code error}, {@code slow} or {@code downstream}); otherwise they are
 * discarded. {@link #keepNow} decides early, for a response that tells its caller. At most a
 * given number of traces are kept per second, so that a failure storm, or an overload that makes every request slow,
 * does not turn into exporting every trace. Sampled spans pass through as they are.
 * <p>
 * Memory is bounded: spans per trace, traces held at once, spans and their estimated bytes held in all, and the
 * age of a trace that still has open spans (a span that is never ended would hold its trace forever). What does not
 * fit is counted through {@link Outcomes}, never dropped silently. A trace's spans that end after it was kept (work that outlives the
 * request) are passed on as they end, while the trace is remembered among the last kept ones.
 */
public final class DeferredKeepSpanProcessor implements SpanProcessor {

	/**
	 * The attribute that says why a span that was not sampled was exported: {@code error}, {@code slow} or
	 * {@code downstream}.
	 */
	public static final String KEPT_ATTRIBUTE = "tracewire.sampling.kept";

	private static final AttributeKey<String> KEPT = AttributeKey.stringKey(KEPT_ATTRIBUTE);

	private static final int REMEMBERED_KEPT_TRACES = 1024;

	private final SpanProcessor delegate;

	private final boolean keepErrors;

	private final long slowThresholdNanos;

	private final int maxSpansPerTrace;

	private final int maxTraces;

	private final int maxBufferedSpans;

	private final long maxBufferedBytes;

	private final long maxAgeNanos;

	private final Outcomes outcomes;

	private final LongSupplier nanoClock;

	private final @Nullable RateLimiter keepLimiter;

	private final Map<String, Segment> segments = new ConcurrentHashMap<>();

	private final AtomicInteger bufferedSpans = new AtomicInteger();

	private final AtomicLong bufferedBytes = new AtomicLong();

	// Trace ids recently kept, with why: their late spans are passed on as they end. The queue holds them in the
	// order they were kept, so that the oldest are forgotten first.
	private final Map<String, String> keptTraces = new ConcurrentHashMap<>();

	private final Queue<String> keptOrder = new ConcurrentLinkedQueue<>();

	private DeferredKeepSpanProcessor(Builder builder, SpanProcessor delegate) {
		this.delegate = delegate;
		this.keepErrors = builder.keepErrors;
		this.slowThresholdNanos = (builder.slowThreshold != null) ? builder.slowThreshold.toNanos() : Long.MAX_VALUE;
		this.maxSpansPerTrace = builder.maxSpansPerTrace;
		this.maxTraces = builder.maxTraces;
		this.maxBufferedSpans = builder.maxBufferedSpans;
		this.maxBufferedBytes = builder.maxBufferedBytes;
		this.maxAgeNanos = builder.maxAge.toNanos();
		this.outcomes = builder.outcomes;
		this.nanoClock = builder.nanoClock;
		this.keepLimiter = (builder.keptPerSecond > 0) ? new RateLimiter(builder.keptPerSecond, builder.nanoClock)
				: null;
	}

	/**
	 * Starts a configuration with the defaults: errors kept, slow traces kept from 2 seconds, at most 100 traces kept
	 * per second, 512 spans per trace, 1,000 traces, 20,000 spans and 32 MB (estimated) held at once, traces evicted
	 * after 5 minutes with a span still open.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns whether a span is one this processor passed on because its trace was kept, not sampled, also when
	 * another processor's view wraps it (such as redaction's at export).
	 * @param span a span a processor received
	 * @return whether it was kept
	 */
	public static boolean isKept(ReadableSpan span) {
		return span instanceof KeptSpan || span.getAttribute(KEPT) != null;
	}

	/**
	 * Decides now, while a span of the trace is still open, whether the trace's spans in this process will be
	 * exported, so that a response can tell its caller before the trace ends (the sampled flag of
	 * {@code traceresponse}). A trace that was sampled or kept already will be; a held one is kept now if a span
	 * failed, the caller says the request is failing, its first local root has been running for the slow threshold,
	 * or a callee kept it, provided the limit of kept traces per second allows. A trace kept now stays kept whatever
	 * its other spans do.
	 * @param span the context of an open span of the trace, usually the server span of the request being answered
	 * @param failed whether the request is failing (a 5xx response, for example)
	 * @return whether the trace's spans in this process will be exported
	 */
	public boolean keepNow(SpanContext span, boolean failed) {
		if (span.isSampled() || this.keptTraces.containsKey(span.getTraceId())) {
			return true;
		}
		Segment segment = this.segments.get(span.getTraceId());
		if (segment == null) {
			return false;
		}
		return segment.promise(failed && this.keepErrors, this.nanoClock.getAsLong())
				|| this.keptTraces.containsKey(span.getTraceId());
	}

	/**
	 * Returns whether the spans of a trace that was not sampled are held here, waiting for a decision.
	 * @param traceId the trace id
	 * @return whether they are
	 */
	public boolean isHeld(String traceId) {
		return this.segments.containsKey(traceId);
	}

	/**
	 * Keeps the trace of a span because a service it called kept its own part of the trace (said so in its
	 * {@code traceresponse}), so that the trace is whole from the first service to the one that kept it. Does
	 * nothing for a sampled trace, or one whose spans here were already decided or are not held.
	 * @param span the client span of the call, or any span of the trace in this process
	 */
	public void keepForCallee(SpanContext span) {
		if (span.isSampled()) {
			return;
		}
		Segment segment = this.segments.get(span.getTraceId());
		if (segment != null) {
			segment.keepForCallee();
		}
	}

	/**
	 * Returns the processor whose sampled and kept spans this one passes on.
	 * @return the wrapped processor
	 */
	public SpanProcessor getDelegate() {
		return this.delegate;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		this.delegate.onStart(parentContext, span);
		SpanContext spanContext = span.getSpanContext();
		if (!spanContext.isSampled()) {
			hold(spanContext.getTraceId(), span);
		}
	}

	// Counts the span among its trace's open spans, unless its trace was kept already (then it is passed on when
	// it ends) or there is no room.
	private void hold(String traceId, ReadableSpan span) {
		while (!this.keptTraces.containsKey(traceId)) {
			Segment segment = this.segments.get(traceId);
			if (segment == null) {
				segment = newSegment(traceId, isLocalRoot(span));
				if (segment == null) {
					return;
				}
			}
			if (segment.started(span)) {
				return;
			}
			// Decided while we looked, and about to leave the map (a kept trace is remembered before): look again.
			Thread.onSpinWait();
		}
	}

	private @Nullable Segment newSegment(String traceId, boolean localRoot) {
		if (this.segments.size() >= this.maxTraces) {
			evictOlderThan(this.nanoClock.getAsLong() - this.maxAgeNanos);
			if (this.segments.size() >= this.maxTraces) {
				// Counted once per trace, at its local root; its other spans are not held either.
				if (localRoot) {
					this.outcomes.trace(Outcome.EVICTED, 0, 0);
				}
				return null;
			}
		}
		Segment created = new Segment(traceId, this.nanoClock.getAsLong());
		Segment existing = this.segments.putIfAbsent(traceId, created);
		return (existing != null) ? existing : created;
	}

	private void evictOlderThan(long startedBefore) {
		for (Iterator<Segment> segments = this.segments.values().iterator(); segments.hasNext();) {
			Segment segment = segments.next();
			if (segment.createdNanos - startedBefore < 0 && segment.evict()) {
				segments.remove();
				release(segment);
				this.outcomes.trace(Outcome.EVICTED, segment.spans.size(), 0);
			}
		}
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		SpanContext spanContext = span.getSpanContext();
		if (spanContext.isSampled()) {
			this.delegate.onEnd(span);
			if (isLocalRoot(span)) {
				this.outcomes.trace(Outcome.SAMPLED, -1, span.getLatencyNanos());
			}
			return;
		}
		String traceId = spanContext.getTraceId();
		while (true) {
			String kept = this.keptTraces.get(traceId);
			if (kept != null) {
				this.delegate.onEnd(new KeptSpan(span.toSpanData(), kept));
				return;
			}
			Segment segment = this.segments.get(traceId);
			if (segment == null || segment.ended(span)) {
				return;
			}
			// Decided while we looked, and about to leave the map (a kept trace is remembered before): look again.
			Thread.onSpinWait();
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public CompletableResultCode forceFlush() {
		return this.delegate.forceFlush();
	}

	/**
	 * Returns the number of traces held, waiting for their spans to end.
	 * @return the traces held
	 */
	public int heldTraces() {
		return this.segments.size();
	}

	/**
	 * Returns the number of spans held in all.
	 * @return the spans held
	 */
	public int heldSpans() {
		return this.bufferedSpans.get();
	}

	/**
	 * Returns the estimated size of the spans held in all.
	 * @return bytes, roughly
	 */
	public long heldBytes() {
		return this.bufferedBytes.get();
	}

	@Override
	public String toString() {
		return "DeferredKeepSpanProcessor{keepErrors=" + this.keepErrors + ", slowThreshold="
				+ ((this.slowThresholdNanos != Long.MAX_VALUE) ? Duration.ofNanos(this.slowThresholdNanos) : "off")
				+ ", delegate=" + this.delegate + "}";
	}

	private static boolean isLocalRoot(ReadableSpan span) {
		SpanContext parent = span.getParentSpanContext();
		return !parent.isValid() || parent.isRemote();
	}

	private void decide(Segment segment) {
		String reason = segment.reason();
		// A trace kept early (its caller was told) passed the limit then.
		boolean overLimit = reason != null && !segment.promised && !tryKeep();
		if (reason != null && !overLimit) {
			remember(segment.traceId, reason);
		}
		this.segments.remove(segment.traceId, segment);
		release(segment);
		if (reason == null || overLimit) {
			this.outcomes.trace(overLimit ? Outcome.OVER_LIMIT : Outcome.DISCARDED, segment.spans.size(),
					segment.rootLatencyNanos);
			return;
		}
		this.outcomes.trace(segment.error ? Outcome.KEPT_ERROR : segment.slow ? Outcome.KEPT_SLOW
				: Outcome.KEPT_DOWNSTREAM, segment.spans.size(), segment.rootLatencyNanos);
		for (SpanData data : segment.spans) {
			this.delegate.onEnd(new KeptSpan(data, reason));
		}
	}

	private void release(Segment segment) {
		this.bufferedSpans.addAndGet(-segment.spans.size());
		this.bufferedBytes.addAndGet(-segment.bytes);
	}

	private boolean tryKeep() {
		return this.keepLimiter == null || this.keepLimiter.tryAcquire();
	}

	private void remember(String traceId, String reason) {
		if (this.keptTraces.put(traceId, reason) == null) {
			this.keptOrder.add(traceId);
			while (this.keptTraces.size() > REMEMBERED_KEPT_TRACES) {
				String oldest = this.keptOrder.poll();
				if (oldest == null) {
					break;
				}
				this.keptTraces.remove(oldest);
			}
		}
	}

	/**
	 * What happened to a trace that started or passed through this process.
	 */
	public enum Outcome {

		/** The sampler picked it; exported as it ended. */
		SAMPLED("sampled"),

		/** Not sampled; kept and exported because a span ended with an error. */
		KEPT_ERROR("kept-error"),

		/** Not sampled; kept and exported because a local root was slow. */
		KEPT_SLOW("kept-slow"),

		/** Not sampled; kept and exported because a service it called kept its part of the trace. */
		KEPT_DOWNSTREAM("kept-downstream"),

		/** Not sampled, neither failed nor slow: dropped. */
		DISCARDED("discarded"),

		/** Not sampled and not held to the end, for lack of room or because a span stayed open too long. */
		EVICTED("evicted"),

		/** Failed or slow, but dropped: more traces were kept in the last second than the limit allows. */
		OVER_LIMIT("over-limit");

		private final String tag;

		Outcome(String tag) {
			this.tag = tag;
		}

		/**
		 * Returns the name of this outcome as a meter tag.
		 * @return the tag value
		 */
		public String tag() {
			return this.tag;
		}

	}

	/**
	 * Receives what the processor decided, for meters.
	 */
	public interface Outcomes {

		/**
		 * Does nothing.
		 */
		Outcomes NONE = new Outcomes() {

			@Override
			public void trace(Outcome outcome, int spans, long rootLatencyNanos) {
			}

			@Override
			public void spansCut(int spans) {
			}

		};

		/**
		 * A local trace ended, was decided or was evicted.
		 * @param outcome what happened to it
		 * @param spans the spans held for it, or -1 when they were not counted (sampled traces pass through)
		 * @param rootLatencyNanos the longest local root's duration, or 0 when no local root ended
		 */
		void trace(Outcome outcome, int spans, long rootLatencyNanos);

		/**
		 * Spans that were not held, for lack of room in their trace or in all; their trace is exported without
		 * them if it is kept.
		 * @param spans how many
		 */
		void spansCut(int spans);

		/**
		 * A callee's {@code traceresponse} header was ignored (see {@link KeepSignals}).
		 * @param reason {@code malformed} (invalid or too long) or {@code other-trace} (names another trace)
		 */
		default void traceResponseIgnored(String reason) {
		}

	}

	/**
	 * The spans of one trace held in this process, and what is known about them.
	 */
	private final class Segment {

		final String traceId;

		final long createdNanos;

		final List<SpanData> spans = new ArrayList<>();

		// Estimated size of the spans held (see SpanSize).
		long bytes;

		int open;

		boolean error;

		boolean slow;

		boolean downstream;

		long rootLatencyNanos;

		// When the first local root started, for a decision before it ends.
		boolean rootStarted;

		long rootStartNanos;

		// Kept before its spans ended, and the caller told so: kept whatever happens next.
		boolean promised;

		boolean done;

		Segment(String traceId, long createdNanos) {
			this.traceId = traceId;
			this.createdNanos = createdNanos;
		}

		synchronized boolean started(ReadableSpan span) {
			if (this.done) {
				return false;
			}
			this.open++;
			if (!this.rootStarted && isLocalRoot(span)) {
				this.rootStarted = true;
				this.rootStartNanos = DeferredKeepSpanProcessor.this.nanoClock.getAsLong();
			}
			return true;
		}

		// Returns false when the trace was decided or evicted before this span ended.
		boolean ended(ReadableSpan span) {
			SpanData data = span.toSpanData();
			long size = SpanSize.of(data);
			boolean decide;
			synchronized (this) {
				if (this.done) {
					return false;
				}
				add(data, size);
				if (DeferredKeepSpanProcessor.this.keepErrors && data.getStatus().getStatusCode() == StatusCode.ERROR) {
					this.error = true;
				}
				if (isLocalRoot(span)) {
					long latency = span.getLatencyNanos();
					this.rootLatencyNanos = Math.max(this.rootLatencyNanos, latency);
					this.slow |= latency >= DeferredKeepSpanProcessor.this.slowThresholdNanos;
				}
				this.open--;
				decide = this.open <= 0;
				this.done = decide;
			}
			if (decide) {
				decide(this);
			}
			return true;
		}

		private void add(SpanData data, long size) {
			DeferredKeepSpanProcessor processor = DeferredKeepSpanProcessor.this;
			if (this.spans.size() >= processor.maxSpansPerTrace) {
				processor.outcomes.spansCut(1);
				return;
			}
			if (processor.bufferedSpans.incrementAndGet() > processor.maxBufferedSpans) {
				processor.bufferedSpans.decrementAndGet();
				processor.outcomes.spansCut(1);
				return;
			}
			if (processor.bufferedBytes.addAndGet(size) > processor.maxBufferedBytes) {
				processor.bufferedBytes.addAndGet(-size);
				processor.bufferedSpans.decrementAndGet();
				processor.outcomes.spansCut(1);
				return;
			}
			this.spans.add(data);
			this.bytes += size;
		}

		@Nullable String reason() {
			return this.error ? "error" : this.slow ? "slow" : this.downstream ? "downstream" : null;
		}

		synchronized boolean promise(boolean failed, long nowNanos) {
			if (this.done) {
				return false;
			}
			if (!this.promised) {
				this.error |= failed;
				this.slow |= this.rootStarted
						&& nowNanos - this.rootStartNanos >= DeferredKeepSpanProcessor.this.slowThresholdNanos;
				this.promised = reason() != null && tryKeep();
			}
			return this.promised;
		}

		synchronized void keepForCallee() {
			if (!this.done) {
				this.downstream = true;
			}
		}

		synchronized boolean evict() {
			if (this.done) {
				return false;
			}
			this.done = true;
			return true;
		}

	}

	/**
	 * A span of a kept trace as the wrapped processor sees it: sampled, and saying why it was kept.
	 */
	private static final class KeptSpan implements ReadableSpan {

		private final SpanData data;

		KeptSpan(SpanData data, String reason) {
			this.data = new KeptSpanData(data, reason);
		}

		@Override
		public SpanContext getSpanContext() {
			return this.data.getSpanContext();
		}

		@Override
		public SpanContext getParentSpanContext() {
			return this.data.getParentSpanContext();
		}

		@Override
		public String getName() {
			return this.data.getName();
		}

		@Override
		public SpanData toSpanData() {
			return this.data;
		}

		@Override
		@Deprecated
		@SuppressWarnings("deprecation")
		public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
			return this.data.getInstrumentationLibraryInfo();
		}

		@Override
		public InstrumentationScopeInfo getInstrumentationScopeInfo() {
			return this.data.getInstrumentationScopeInfo();
		}

		@Override
		public boolean hasEnded() {
			return true;
		}

		@Override
		public long getLatencyNanos() {
			return this.data.getEndEpochNanos() - this.data.getStartEpochNanos();
		}

		@Override
		public SpanKind getKind() {
			return this.data.getKind();
		}

		@Override
		public <T> @Nullable T getAttribute(AttributeKey<T> key) {
			return this.data.getAttributes().get(key);
		}

		@Override
		public Attributes getAttributes() {
			return this.data.getAttributes();
		}

		@Override
		public String toString() {
			return "KeptSpan{" + this.data + "}";
		}

	}

	private static final class KeptSpanData extends DelegatingSpanData {

		private final SpanContext spanContext;

		private final Attributes attributes;

		KeptSpanData(SpanData delegate, String reason) {
			super(delegate);
			SpanContext original = delegate.getSpanContext();
			// Not chosen by probability: no sampling threshold that would make a backend count it as many traces.
			this.spanContext = SpanContext.create(original.getTraceId(), original.getSpanId(), TraceFlags.getSampled(),
					ProbabilityThreshold.withoutThreshold(original.getTraceState()));
			this.attributes = delegate.getAttributes().toBuilder().put(KEPT, reason).build();
		}

		@Override
		public SpanContext getSpanContext() {
			return this.spanContext;
		}

		@Override
		public Attributes getAttributes() {
			return this.attributes;
		}

		@Override
		public int getTotalAttributeCount() {
			return super.getTotalAttributeCount() + 1;
		}

	}

	/**
	 * Configures a {@link DeferredKeepSpanProcessor}.
	 */
	public static final class Builder {

		private boolean keepErrors = true;

		private @Nullable Duration slowThreshold = Duration.ofSeconds(2);

		private int maxSpansPerTrace = 512;

		private int maxTraces = 1000;

		private int maxBufferedSpans = 20_000;

		private long maxBufferedBytes = 32L * 1024 * 1024;

		private Duration maxAge = Duration.ofMinutes(5);

		private Outcomes outcomes = Outcomes.NONE;

		private LongSupplier nanoClock = System::nanoTime;

		private int keptPerSecond = 100;

		private Builder() {
		}

		/**
		 * Sets whether a trace with a span that ended with an error is kept.
		 * @param keepErrors whether to keep failed traces
		 * @return this builder
		 */
		public Builder keepErrors(boolean keepErrors) {
			this.keepErrors = keepErrors;
			return this;
		}

		/**
		 * Sets how long a local root must take for its trace to be kept.
		 * @param slowThreshold the duration, or {@code null} to keep no trace for being slow
		 * @return this builder
		 */
		public Builder slowThreshold(@Nullable Duration slowThreshold) {
			if (slowThreshold != null && (slowThreshold.isNegative() || slowThreshold.isZero())) {
				throw new IllegalArgumentException("The slow threshold must be positive, but was " + slowThreshold);
			}
			this.slowThreshold = slowThreshold;
			return this;
		}

		/**
		 * Sets the limits on what is held.
		 * @param maxSpansPerTrace spans held per trace; more are cut from it
		 * @param maxTraces traces held at once; more are not held
		 * @param maxBufferedSpans spans held in all; more are cut from their traces
		 * @param maxAge how long a trace is held while one of its spans is still open, at most (checked when
		 * {@code maxTraces} is reached)
		 * @return this builder
		 */
		public Builder limits(int maxSpansPerTrace, int maxTraces, int maxBufferedSpans, Duration maxAge) {
			if (maxSpansPerTrace < 1 || maxTraces < 1 || maxBufferedSpans < 1) {
				throw new IllegalArgumentException("Limits must be at least 1, but were " + maxSpansPerTrace
						+ " spans per trace, " + maxTraces + " traces and " + maxBufferedSpans + " spans");
			}
			if (maxAge.isNegative() || maxAge.isZero()) {
				throw new IllegalArgumentException("The maximum age must be positive, but was " + maxAge);
			}
			this.maxSpansPerTrace = maxSpansPerTrace;
			this.maxTraces = maxTraces;
			this.maxBufferedSpans = maxBufferedSpans;
			this.maxAge = maxAge;
			return this;
		}

		/**
		 * Sets how much the spans held may take in all, estimated from what they hold (names, attributes, events
		 * and links); spans beyond it are cut from their traces and counted.
		 * @param maxBytes the bound in bytes
		 * @return this builder
		 */
		public Builder maxBytes(long maxBytes) {
			if (maxBytes < 1) {
				throw new IllegalArgumentException("The maximum bytes must be at least 1, but was " + maxBytes);
			}
			this.maxBufferedBytes = maxBytes;
			return this;
		}

		/**
		 * Limits how many failed or slow traces are kept per second (with bursts of one second's worth), so that a
		 * failure storm or an overload that makes every request slow does not export every trace.
		 * @param keptPerSecond the limit, or 0 for none
		 * @return this builder
		 */
		public Builder keptPerSecond(int keptPerSecond) {
			if (keptPerSecond < 0) {
				throw new IllegalArgumentException("Kept traces per second must not be negative, but was "
						+ keptPerSecond);
			}
			this.keptPerSecond = keptPerSecond;
			return this;
		}

		/**
		 * Sets what receives the outcomes, for meters.
		 * @param outcomes the receiver
		 * @return this builder
		 */
		public Builder outcomes(Outcomes outcomes) {
			this.outcomes = outcomes;
			return this;
		}

		Builder nanoClock(LongSupplier nanoClock) {
			this.nanoClock = nanoClock;
			return this;
		}

		/**
		 * Builds the processor around the one that receives sampled and kept spans.
		 * @param delegate the wrapped processor (for several, {@link SpanProcessor#composite})
		 * @return the processor
		 */
		public DeferredKeepSpanProcessor build(SpanProcessor delegate) {
			return new DeferredKeepSpanProcessor(this, delegate);
		}

	}

}
