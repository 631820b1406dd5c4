package dev.tracewire.webflux;

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
	void metadataDescribesEveryWebFluxProperty() throws IOException {
		String metadata;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(metadata).contains("\"name\": \"tracewire.webflux.enabled\"",
				"\"name\": \"tracewire.webflux.server-errors.enabled\"",
				"\"name\": \"tracewire.webflux.web-client.excluded-beans\"",
				"\"name\": \"tracewire.webflux.lost-context.enabled\"");
		assertThat(metadata).doesNotContain("\"description\": \"\"");
	}

}
