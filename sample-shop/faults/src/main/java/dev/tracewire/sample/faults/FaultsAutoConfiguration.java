package dev.tracewire.sample.faults;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Supplies the service's {@link Faults} and the {@code faults} endpoint.
 */
@AutoConfiguration
@EnableConfigurationProperties(FaultsProperties.class)
public final class FaultsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Faults faults(FaultsProperties properties) {
		return new Faults(properties.getAvailable(), properties.getActive());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	FaultsEndpoint faultsEndpoint(Faults faults) {
		return new FaultsEndpoint(faults);
	}

}
