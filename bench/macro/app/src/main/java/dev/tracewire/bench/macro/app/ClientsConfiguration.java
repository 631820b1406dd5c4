package dev.tracewire.bench.macro.app;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestTemplate;

/**
 * S3's RestTemplate. Boot auto-configures no {@code RestTemplateBuilder} in a reactive web application, so the
 * template is built here and given the observation registry, as Boot's builder would do in a servlet
 * application: Boot's tracing then sees it (a no-op registry in the untraced variants; the agent and the
 * OpenTelemetry starter instrument it their own way).
 */
@Configuration(proxyBeanMethods = false)
class ClientsConfiguration {

	@Bean
	RestTemplate restTemplate(ObjectProvider<ObservationRegistry> observationRegistry) {
		RestTemplate template = new RestTemplate();
		observationRegistry.ifAvailable(template::setObservationRegistry);
		return template;
	}

}
