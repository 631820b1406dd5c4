package dev.tracewire.export;

import java.util.function.Consumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;

/**
 * The smallest OpenTelemetry {@link MeterProvider} that hears the SDK's batch span processor report spans it
 * dropped because its queue was full, and counts them in {@link SpanLossMeters}; every other instrument is a
 * no-op. Spring Boot hands the batch processor a {@code MeterProvider} bean when there is one, so this one is only
 * defined when the application has none: otherwise those drops surface only as a WARN log.
 */
public final class QueueDropsMeterProvider implements MeterProvider {

	private static final String SDK_TRACE_SCOPE = "io.opentelemetry.sdk.trace";

	// The SDK's legacy instrument (its default) and its semantic-convention one.
	private static final String LEGACY_PROCESSED = "processedSpans";

	private static final AttributeKey<Boolean> LEGACY_DROPPED = AttributeKey.booleanKey("dropped");

	private static final String PROCESSED = "otel.sdk.processor.span.processed";

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private final SpanLossMeters meters;

	/**
	 * Creates the provider.
	 * @param meters where to count
	 */
	public QueueDropsMeterProvider(SpanLossMeters meters) {
		this.meters = meters;
	}

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		return new MeterBuilder() {

			@Override
			public MeterBuilder setSchemaUrl(String schemaUrl) {
				return this;
			}

			@Override
			public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
				return this;
			}

			@Override
			public Meter build() {
				Meter noop = MeterProvider.noop().get(instrumentationScopeName);
				return SDK_TRACE_SCOPE.equals(instrumentationScopeName) ? new SdkTraceMeter(noop) : noop;
			}

		};
	}

	private void processed(String instrument, long count, Attributes attributes) {
		boolean dropped = LEGACY_PROCESSED.equals(instrument) ? Boolean.TRUE.equals(attributes.get(LEGACY_DROPPED))
				: "queue_full".equals(attributes.get(ERROR_TYPE));
		if (dropped) {
			this.meters.queueFull(count);
		}
	}

	private final class SdkTraceMeter implements Meter {

		private final Meter noop;

		SdkTraceMeter(Meter noop) {
			this.noop = noop;
		}

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			LongCounterBuilder noopBuilder = this.noop.counterBuilder(name);
			if (!LEGACY_PROCESSED.equals(name) && !PROCESSED.equals(name)) {
				return noopBuilder;
			}
			return new LongCounterBuilder() {

				@Override
				public LongCounterBuilder setDescription(String description) {
					return this;
				}

				@Override
				public LongCounterBuilder setUnit(String unit) {
					return this;
				}

				@Override
				public DoubleCounterBuilder ofDoubles() {
					return noopBuilder.ofDoubles();
				}

				@Override
				public LongCounter build() {
					return new LongCounter() {

						@Override
						public void add(long value) {
							add(value, Attributes.empty());
						}

						@Override
						public void add(long value, Attributes attributes) {
							processed(name, value, attributes);
						}

						@Override
						public void add(long value, Attributes attributes, Context context) {
							add(value, attributes);
						}

					};
				}

				@Override
				public ObservableLongCounter buildWithCallback(
						Consumer<ObservableLongMeasurement> callback) {
					return noopBuilder.buildWithCallback(callback);
				}

			};
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			return this.noop.upDownCounterBuilder(name);
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return this.noop.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			return this.noop.gaugeBuilder(name);
		}

	}

}
