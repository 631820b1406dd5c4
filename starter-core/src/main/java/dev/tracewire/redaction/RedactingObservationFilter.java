package dev.tracewire.redaction;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;

/**
 * Masks secrets in the key values of every observation as it stops, before the tracing and metrics handlers read
 * them: one place for span attributes and metric tags of everything Spring and Boot instrument. Low-cardinality
 * values (metric tags such as {@code uri}) also lose any query string.
 */
public final class RedactingObservationFilter implements ObservationFilter {

	private final Redactor redactor;

	/**
	 * Creates the filter.
	 * @param redactor what masks the values
	 */
	public RedactingObservationFilter(Redactor redactor) {
		this.redactor = redactor;
	}

	@Override
	public Observation.Context map(Observation.Context context) {
		List<KeyValue> lowCardinality = null;
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			String value = keyValue.getValue();
			String redacted = this.redactor.redact(keyValue.getKey(), Redactor.withoutQuery(value));
			if (!redacted.equals(value)) {
				lowCardinality = add(lowCardinality, KeyValue.of(keyValue.getKey(), redacted));
			}
		}
		List<KeyValue> highCardinality = null;
		for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
			String value = keyValue.getValue();
			String redacted = this.redactor.redact(keyValue.getKey(), value);
			if (redacted != value) {
				highCardinality = add(highCardinality, KeyValue.of(keyValue.getKey(), redacted));
			}
		}
		// Replaced after iterating: a key value added under an existing key replaces it.
		if (lowCardinality != null) {
			lowCardinality.forEach(context::addLowCardinalityKeyValue);
		}
		if (highCardinality != null) {
			highCardinality.forEach(context::addHighCardinalityKeyValue);
		}
		return context;
	}

	private static List<KeyValue> add(List<KeyValue> list, KeyValue keyValue) {
		List<KeyValue> result = (list != null) ? list : new ArrayList<>();
		result.add(keyValue);
		return result;
	}

}
