package dev.tracewire.redaction;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Masks secrets in the tags of every meter as it is registered. The observation filter cannot do it alone: meters
 * such as {@code http.client.requests.active} are registered when an observation starts, with the key values of
 * that moment, before any observation filter runs. Metric tags also lose any query string.
 */
public final class RedactingMeterFilter implements MeterFilter {

	private final Redactor redactor;

	/**
	 * Creates the filter.
	 * @param redactor what masks the values
	 */
	public RedactingMeterFilter(Redactor redactor) {
		this.redactor = redactor;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		List<Tag> tags = null;
		List<Tag> original = id.getTags();
		for (int i = 0; i < original.size(); i++) {
			Tag tag = original.get(i);
			String redacted = this.redactor.redact(tag.getKey(), Redactor.withoutQuery(tag.getValue()));
			if (!redacted.equals(tag.getValue())) {
				if (tags == null) {
					tags = new ArrayList<>(original);
				}
				tags.set(i, Tag.of(tag.getKey(), redacted));
			}
		}
		return (tags != null) ? id.replaceTags(tags) : id;
	}

}
