package dev.tracewire.test;

import dev.tracewire.test.app.TracedApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trap {@link TracewireTest @TracewireTest} defeats, shown without it: with
 * {@code spring-boot-micrometer-tracing-test} on the classpath and no {@code @AutoConfigureTracing}, Boot switches
 * tracing export off in every test context, above every other property source, and with OpenTelemetry no
 * {@code traceparent} is sent. Counterpart of {@link TracewireTestTests}.
 */
@SpringBootTest(classes = TracedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0", "management.tracing.export.enabled=true" })
@ImportAutoConfiguration(TracewireTestAutoConfiguration.class)
class BootTestTracingTrapTests {

	@Autowired
	RestClient.Builder restClientBuilder;

	@LocalServerPort
	int port;

	@Test
	void withoutAutoConfigureTracingBootSendsNoTraceparentEvenWhenExportIsSetToTrue(@Autowired Environment environment) {
		String receivedTraceparent = this.restClientBuilder.baseUrl("http://localhost:" + this.port)
			.build()
			.get()
			.uri("/traceparent")
			.retrieve()
			.body(String.class);

		assertThat(environment.getProperty("management.tracing.export.enabled")).isEqualTo("false");
		assertThat(receivedTraceparent).isEqualTo("none");
	}

}
