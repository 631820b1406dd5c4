package dev.tracewire.jdbc;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags Tracewire's JDBC observations. Define one bean of this type (usually extending
 * {@link DefaultJdbcObservationConvention}) to rename spans or change their attributes everywhere.
 * <p>
 * One convention serves all of {@link JdbcObservationDocumentation}'s observations;
 * {@link JdbcObservationContext#getDocumentation()} tells them apart.
 */
public interface JdbcObservationConvention extends ObservationConvention<JdbcObservationContext> {

	/**
	 * Returns the name of one kind of observation (the metric name when the application has metrics).
	 * @param observation the kind of observation
	 * @return its name
	 */
	String getName(JdbcObservationDocumentation observation);

	/**
	 * Returns the name of statement observations.
	 * @return the name of {@link JdbcObservationDocumentation#QUERY} observations
	 */
	@Override
	default String getName() {
		return getName(JdbcObservationDocumentation.QUERY);
	}

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof JdbcObservationContext;
	}

}
