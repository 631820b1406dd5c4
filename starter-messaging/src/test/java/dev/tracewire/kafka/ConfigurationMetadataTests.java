package dev.tracewire.kafka;

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
	void metadataDescribesEveryKafkaProperty() throws IOException {
		String metadata;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(metadata).contains("\"name\": \"tracewire.kafka.enabled\"",
				"\"name\": \"tracewire.kafka.excluded-beans\"", "\"name\": \"tracewire.kafka.batch.record-spans\"");
		assertThat(metadata).doesNotContain("\"description\": \"\"");
	}

}
