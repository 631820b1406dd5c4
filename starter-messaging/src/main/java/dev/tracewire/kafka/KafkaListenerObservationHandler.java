package dev.tracewire.kafka;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Follows spring-kafka's listener observations: records each record's time in queue when processing starts, and
 * remembers which observations were stopped, so that {@link TracingRecordInterceptor} can stop those that
 * spring-kafka would leave open.
 */
public final class KafkaListenerObservationHandler implements ObservationHandler<KafkaRecordReceiverContext> {

	private static final String STARTED = KafkaListenerObservationHandler.class.getName() + ".started";

	private static final String STOPPED = KafkaListenerObservationHandler.class.getName() + ".stopped";

	private final Supplier<@Nullable TimeInQueueRecorder> timeInQueueRecorder;

	/**
	 * Creates a handler.
	 * @param timeInQueueRecorder looks up the recorder lazily; may return {@code null}
	 */
	public KafkaListenerObservationHandler(Supplier<@Nullable TimeInQueueRecorder> timeInQueueRecorder) {
		this.timeInQueueRecorder = timeInQueueRecorder;
	}

	@Override
	public void onStart(KafkaRecordReceiverContext context) {
		context.put(STARTED, Boolean.TRUE);
		// Records of a batch were timed when the batch started.
		if (!(context instanceof KafkaBatchRecordContext)) {
			TimeInQueueRecorder recorder = this.timeInQueueRecorder.get();
			ConsumerRecord<?, ?> record = context.getRecord();
			Duration timeInQueue = KafkaRecordFacts.timeInQueue(context, record);
			if (recorder != null && timeInQueue != null) {
				recorder.record(record.topic(), context.getGroupId(), timeInQueue);
			}
		}
	}

	@Override
	public void onStop(KafkaRecordReceiverContext context) {
		context.put(STOPPED, Boolean.TRUE);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof KafkaRecordReceiverContext;
	}

	/**
	 * Returns whether this handler saw the observation start and not yet stop.
	 */
	static boolean isOpen(Observation.ContextView context) {
		return context.containsKey(STARTED) && !context.containsKey(STOPPED);
	}

}
