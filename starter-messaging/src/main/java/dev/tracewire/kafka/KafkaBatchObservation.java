package dev.tracewire.kafka;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of a Kafka batch listener: one per batch handed to the listener.
 */
public enum KafkaBatchObservation implements ObservationDocumentation {

	/**
	 * A batch of records processed by a batch listener.
	 */
	BATCH_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultKafkaBatchObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * Key names that are also metric tags.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * Always {@code kafka}.
		 */
		MESSAGING_SYSTEM {
			@Override
			public String asString() {
				return "messaging.system";
			}
		},

		/**
		 * Always {@code process}.
		 */
		MESSAGING_OPERATION {
			@Override
			public String asString() {
				return "messaging.operation";
			}
		},

		/**
		 * Topic of the records, or {@code multiple} when the batch spans several topics.
		 */
		DESTINATION_NAME {
			@Override
			public String asString() {
				return "messaging.destination.name";
			}
		},

		/**
		 * Listener id.
		 */
		LISTENER_ID {
			@Override
			public String asString() {
				return "spring.kafka.listener.id";
			}
		}

	}

	/**
	 * Key names that are span attributes only.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * Number of records in the batch.
		 */
		MESSAGE_COUNT {
			@Override
			public String asString() {
				return "messaging.batch.message_count";
			}
		},

		/**
		 * Consumer group, when the listener has one.
		 */
		CONSUMER_GROUP_NAME {
			@Override
			public String asString() {
				return "messaging.consumer.group.name";
			}
		},

		/**
		 * Client id of the consumer.
		 */
		CLIENT_ID {
			@Override
			public String asString() {
				return "messaging.kafka.client_id";
			}
		},

		/**
		 * Milliseconds the oldest record of the batch waited in Kafka.
		 */
		TIME_IN_QUEUE_MS {
			@Override
			public String asString() {
				return "messaging.kafka.time_in_queue.ms";
			}
		},

		/**
		 * Class of the exception the listener failed with.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		}

	}

}
