package dev.tracewire.export;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Counts the spans an exporter accepted and those it failed to export.
 */
public final class CountingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final String name;

	private final SpanLossMeters meters;

	/**
	 * Wraps an exporter.
	 * @param delegate the exporter
	 * @param meters where to count
	 */
	public CountingSpanExporter(SpanExporter delegate, SpanLossMeters meters) {
		this.delegate = delegate;
		this.name = delegate.getClass().getSimpleName();
		this.meters = meters;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		int count = spans.size();
		CompletableResultCode result;
		try {
			result = this.delegate.export(spans);
		}
		catch (RuntimeException ex) {
			this.meters.exportFailed(this.name, count);
			return CompletableResultCode.ofExceptionalFailure(ex);
		}
		result.whenComplete(() -> {
			if (result.isSuccess()) {
				this.meters.exported(this.name, count);
			}
			else {
				this.meters.exportFailed(this.name, count);
			}
		});
		return result;
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public String toString() {
		return "CountingSpanExporter{" + this.delegate + "}";
	}

}
