package dev.tracewire.kafka;

import java.util.function.Supplier;

import dev.tracewire.sampling.SamplingHint;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Starts the span of one record of a batch (a record span, or a {@link KafkaBatchTracing} scope): a
 * {@code CONSUMER} span in the record's own trace, child of its producer's span, read from the record's headers
 * the way a record listener's span is (baggage included), with a link to the batch's span. A record without a
 * trace context of its own gets the batch's span as parent instead.
 * <p>
 * Register it ahead of Micrometer Tracing's receiver handler; it handles the records of batches only.
 */
public final class KafkaBatchRecordTracingObservationHandler
		implements TracingObservationHandler<KafkaRecordReceiverContext> {

	private final Tracer tracer;

	private final Supplier<@Nullable Propagator> propagator;

	/**
	 * Creates a handler.
	 * @param tracer the tracer
	 * @param propagator looks up the propagator that reads record headers; without one every record span is a
	 * child of its batch's span
	 */
	public KafkaBatchRecordTracingObservationHandler(Tracer tracer, Supplier<@Nullable Propagator> propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	public void onStart(KafkaRecordReceiverContext context) {
		KafkaBatchContext batch = ((KafkaBatchRecordContext) context).getBatch();
		TracingContext batchTracing = batch.get(TracingContext.class);
		Span batchSpan = (batchTracing != null) ? batchTracing.getSpan() : null;
		Propagator headers = this.propagator.get();
		boolean ownTrace = headers != null && batch.hasTraceContext(context.getRecord());
		// The hint goes into the context the parent is read from (the current one), where the sampler finds it.
		try (Scope hint = SamplingHint.open(context)) {
			// Without a trace of its own the record's work belongs to the batch, whose span is current here.
			Span.Builder builder = ownTrace ? extract(headers, context) : this.tracer.spanBuilder();
			builder.kind(Span.Kind.CONSUMER);
			if (context.getRemoteServiceName() != null) {
				builder.remoteServiceName(context.getRemoteServiceName());
			}
			if (ownTrace && batchSpan != null) {
				builder.addLink(new Link(batchSpan.context()));
			}
			getTracingContext(context).setSpan(builder.start());
		}
	}

	private static Span.Builder extract(Propagator propagator, KafkaRecordReceiverContext context) {
		io.micrometer.observation.transport.Propagator.Getter<ConsumerRecord<?, ?>> getter = context.getGetter();
		return propagator.extract(context.getCarrier(), new Propagator.Getter<ConsumerRecord<?, ?>>() {

			@Override
			public @Nullable String get(ConsumerRecord<?, ?> carrier, String key) {
				return getter.get(carrier, key);
			}

			@Override
			public Iterable<String> getAll(ConsumerRecord<?, ?> carrier, String key) {
				return getter.getAll(carrier, key);
			}

		});
	}

	@Override
	public void onError(KafkaRecordReceiverContext context) {
		Throwable error = context.getError();
		if (error != null) {
			getRequiredSpan(context).error(error);
		}
	}

	@Override
	public void onStop(KafkaRecordReceiverContext context) {
		Span span = getRequiredSpan(context);
		tagSpan(context, span);
		span.name(getSpanName(context));
		endSpan(context, span);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof KafkaBatchRecordContext;
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

}
