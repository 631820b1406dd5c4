package dev.tracewire.kafka;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and key values of {@link KafkaBatchObservation#BATCH_OBSERVATION}; declare a bean of this type to change
 * them (extend {@link DefaultKafkaBatchObservationConvention} to keep the defaults).
 */
public interface KafkaBatchObservationConvention extends ObservationConvention<KafkaBatchContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof KafkaBatchContext;
	}

}
