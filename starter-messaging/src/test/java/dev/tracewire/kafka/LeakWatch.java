package dev.tracewire.kafka;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

/**
 * Test beans that see what exported spans cannot show: spans that started and never ended, and Kafka observations
 * that started and never stopped. Boot adds the span processor to its tracer provider and the handler to its
 * observation registry.
 */
final class LeakWatch {

	private LeakWatch() {
	}

	/**
	 * Remembers every span that started and has not ended.
	 */
	static final class OpenSpans implements SpanProcessor {

		private final Map<String, ReadableSpan> open = new ConcurrentHashMap<>();

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
			this.open.put(span.getSpanContext().getSpanId(), span);
		}

		@Override
		public boolean isStartRequired() {
			return true;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			this.open.remove(span.getSpanContext().getSpanId());
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

		// Names as they are now: Micrometer names a span only when it ends.
		Set<String> names() {
			Set<String> names = ConcurrentHashMap.newKeySet();
			this.open.forEach((id, span) -> names.add(span.getName() + " " + id));
			return names;
		}

	}

	/**
	 * Remembers the Kafka observations (spring-kafka's and Tracewire's) that started and have not stopped.
	 */
	static final class OpenKafkaObservations implements ObservationHandler<Observation.Context> {

		private final Set<Observation.Context> open = ConcurrentHashMap.newKeySet();

		@Override
		public void onStart(Observation.Context context) {
			this.open.add(context);
		}

		@Override
		public void onStop(Observation.Context context) {
			this.open.remove(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof KafkaRecordReceiverContext || context instanceof KafkaRecordSenderContext
					|| context instanceof KafkaBatchContext;
		}

		Set<String> names() {
			Set<String> names = ConcurrentHashMap.newKeySet();
			this.open.forEach((context) -> names.add(String.valueOf(context.getContextualName())));
			return names;
		}

	}

}
