package dev.tracewire.export;

import java.io.IOException;
import java.net.ServerSocket;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector refuses connections: every batch fails fast and is counted as {@code export_failed}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { AbstractExporterOutageTests.EXPORT_PROPERTIES,
				"management.opentelemetry.tracing.export.schedule-delay=20ms",
				"management.opentelemetry.tracing.export.max-batch-size=20" })
class RefusingCollectorTests extends AbstractExporterOutageTests {

	@DynamicPropertySource
	static void collector(DynamicPropertyRegistry registry) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
				() -> "http://127.0.0.1:" + closedPort + "/v1/traces");
	}

	@Override
	void assertDrops() {
		assertThat(dropped(SpanLossMeters.EXPORT_FAILED)).isPositive();
	}

}
