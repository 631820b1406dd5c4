package dev.tracewire.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * Starts the span of a Kafka batch: a {@code CONSUMER} span that begins a trace of its own, with one link to the
 * producer of each record (W3C, B3 or whatever the application propagates), as OpenTelemetry's messaging
 * conventions describe for batches. It also notes which records carry a trace context of their own, for the
 * records' spans ({@link KafkaBatchRecordTracingObservationHandler}).
 * <p>
 * Register it ahead of Micrometer Tracing's receiver handler; it handles {@link KafkaBatchContext} only.
 */
public final class KafkaBatchTracingObservationHandler implements TracingObservationHandler<KafkaBatchContext> {

	private final Tracer tracer;

	private final Supplier<@Nullable TextMapPropagator> propagator;

	/**
	 * Creates a handler.
	 * @param tracer the tracer
	 * @param propagator looks up the propagator that reads record headers; without one the span has no links
	 */
	public KafkaBatchTracingObservationHandler(Tracer tracer, Supplier<@Nullable TextMapPropagator> propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public void onStart(KafkaBatchContext context) {
		Span.Builder builder = this.tracer.spanBuilder().setNoParent().kind(Span.Kind.CONSUMER);
		String remoteServiceName = context.getRemoteServiceName();
		if (remoteServiceName != null) {
			builder.remoteServiceName(remoteServiceName);
		}
		TextMapPropagator textMapPropagator = this.propagator.get();
		if (textMapPropagator != null) {
			Set<String> linked = new HashSet<>();
			Set<ConsumerRecord<?, ?>> traced = KafkaBatchContext.newRecordSet();
			for (ConsumerRecord<?, ?> record : context.getRecords()) {
				TraceContext producer = producerContext(textMapPropagator, record);
				if (producer != null) {
					traced.add(record);
					if (linked.add(producer.traceId() + producer.spanId())) {
						builder.addLink(new Link(producer));
					}
				}
			}
			context.setRecordsWithTraceContext(traced);
		}
		getTracingContext(context).setSpan(builder.start());
	}

	private @Nullable TraceContext producerContext(TextMapPropagator propagator, ConsumerRecord<?, ?> record) {
		Context extracted = propagator.extract(Context.root(), record, RecordHeadersGetter.INSTANCE);
		SpanContext spanContext = io.opentelemetry.api.trace.Span.fromContext(extracted).getSpanContext();
		if (!spanContext.isValid()) {
			return null;
		}
		return this.tracer.traceContextBuilder()
			.traceId(spanContext.getTraceId())
			.spanId(spanContext.getSpanId())
			.sampled(spanContext.isSampled())
			.build();
	}

	@Override
	public void onStop(KafkaBatchContext context) {
		Span span = getRequiredSpan(context);
		tagSpan(context, span);
		span.name(getSpanName(context));
		endSpan(context, span);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof KafkaBatchContext;
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

	private enum RecordHeadersGetter implements TextMapGetter<ConsumerRecord<?, ?>> {

		INSTANCE;

		@Override
		public Iterable<String> keys(ConsumerRecord<?, ?> carrier) {
			Set<String> keys = new HashSet<>();
			for (Header header : carrier.headers()) {
				keys.add(header.key());
			}
			return keys;
		}

		@Override
		public @Nullable String get(@Nullable ConsumerRecord<?, ?> carrier, String key) {
			Header header = (carrier != null) ? carrier.headers().lastHeader(key) : null;
			byte[] value = (header != null) ? header.value() : null;
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		}

	}

}
