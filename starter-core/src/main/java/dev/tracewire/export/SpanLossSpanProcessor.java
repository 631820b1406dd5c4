package dev.tracewire.export;

import dev.tracewire.sampling.DeferredKeepSpanProcessor;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Counts sampled spans as they start and end, and the spans of traces kept after they ended (see
 * {@link DeferredKeepSpanProcessor}) as they are passed on.
 */
public final class SpanLossSpanProcessor implements SpanProcessor {

	private final SpanLossMeters meters;

	/**
	 * Creates the processor.
	 * @param meters where to count
	 */
	public SpanLossSpanProcessor(SpanLossMeters meters) {
		this.meters = meters;
	}

	@Override
	public void onStart(Context parentContext, ReadWriteSpan span) {
		if (span.getSpanContext().isSampled()) {
			this.meters.started();
		}
	}

	@Override
	public boolean isStartRequired() {
		return true;
	}

	@Override
	public void onEnd(ReadableSpan span) {
		if (span.getSpanContext().isSampled()) {
			if (DeferredKeepSpanProcessor.isKept(span)) {
				// Not sampled when it started, so not counted then: a kept span starts and ends on its way out.
				this.meters.started();
			}
			this.meters.ended();
		}
	}

	@Override
	public boolean isEndRequired() {
		return true;
	}

}
