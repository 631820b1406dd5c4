package dev.tracewire.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every property the README documents for this starter has IDE completion, with a description.
 */
class ConfigurationMetadataTests {

	@Test
	void metadataDescribesEveryCoreProperty() throws IOException {
		String metadata;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(metadata).contains("\"name\": \"tracewire.enabled\"", "\"name\": \"tracewire.executors.enabled\"",
				"\"name\": \"tracewire.executors.excluded-beans\"", "\"name\": \"tracewire.http-clients.enabled\"",
				"\"name\": \"tracewire.http-clients.excluded-beans\"", "\"name\": \"tracewire.context.enabled\"",
				"\"name\": \"tracewire.trace-response.enabled\"", "\"name\": \"tracewire.sampling.enabled\"",
				"\"name\": \"tracewire.sampling.probability\"", "\"name\": \"tracewire.sampling.trust-boundary\"",
				"\"name\": \"tracewire.sampling.skip-paths\"", "\"name\": \"tracewire.sampling.rules\"",
				"\"name\": \"tracewire.sampling.rate-limit.enabled\"",
				"\"name\": \"tracewire.sampling.rate-limit.traces-per-second\"",
				"\"name\": \"tracewire.redaction.enabled\"",
				"\"name\": \"tracewire.redaction.sensitive-query-parameters\"",
				"\"name\": \"tracewire.redaction.sensitive-keys\"", "\"name\": \"tracewire.redaction.patterns\"",
				"\"name\": \"tracewire.redaction.captured-request-headers\"",
				"\"name\": \"tracewire.redaction.captured-response-headers\"",
				"\"name\": \"tracewire.redaction.include-database-error-messages\"",
				"\"name\": \"tracewire.propagation.enabled\"", "\"name\": \"tracewire.span-loss.enabled\"",
				"\"name\": \"tracewire.endpoint.enabled\"");
		assertThat(metadata).doesNotContain("\"description\": \"\"");
	}

}
