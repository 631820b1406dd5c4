package dev.tracewire.kafka;

import dev.tracewire.kafka.KafkaBatchObservation.HighCardinalityKeyNames;
import dev.tracewire.kafka.KafkaBatchObservation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * Default {@link KafkaBatchObservationConvention}: observation {@value #NAME}, spans named
 * {@code "<topic> batch process"}.
 */
public class DefaultKafkaBatchObservationConvention implements KafkaBatchObservationConvention {

	/**
	 * Name of the observation (and of its timer).
	 */
	public static final String NAME = "tracewire.kafka.batch";

	/**
	 * A shared instance.
	 */
	public static final DefaultKafkaBatchObservationConvention INSTANCE = new DefaultKafkaBatchObservationConvention();

	private static final String MULTIPLE_TOPICS = "multiple";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(KafkaBatchContext context) {
		return destination(context) + " batch process";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(KafkaBatchContext context) {
		return KeyValues.of(LowCardinalityKeyNames.MESSAGING_SYSTEM.withValue("kafka"),
				LowCardinalityKeyNames.MESSAGING_OPERATION.withValue("process"),
				LowCardinalityKeyNames.DESTINATION_NAME.withValue(destination(context)),
				LowCardinalityKeyNames.LISTENER_ID.withValue(context.getListenerId()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(KafkaBatchContext context) {
		KeyValues keyValues = KeyValues
			.of(HighCardinalityKeyNames.MESSAGE_COUNT.withValue(Integer.toString(context.getRecords().size())));
		String groupId = context.getGroupId();
		if (groupId != null && !groupId.isEmpty()) {
			keyValues = keyValues.and(HighCardinalityKeyNames.CONSUMER_GROUP_NAME.withValue(groupId));
		}
		String clientId = context.getClientId();
		if (clientId != null && !clientId.isEmpty()) {
			keyValues = keyValues.and(HighCardinalityKeyNames.CLIENT_ID.withValue(clientId));
		}
		if (context.getMaxTimeInQueueMillis() >= 0) {
			keyValues = keyValues.and(HighCardinalityKeyNames.TIME_IN_QUEUE_MS
				.withValue(Long.toString(context.getMaxTimeInQueueMillis())));
		}
		Throwable error = context.getError();
		if (error != null) {
			keyValues = keyValues.and(
					HighCardinalityKeyNames.ERROR_TYPE.withValue(KafkaRecordFacts.unwrap(error).getClass().getName()));
		}
		return keyValues;
	}

	private static String destination(KafkaBatchContext context) {
		return (context.getTopics().size() == 1) ? context.getTopics().iterator().next() : MULTIPLE_TOPICS;
	}

}
