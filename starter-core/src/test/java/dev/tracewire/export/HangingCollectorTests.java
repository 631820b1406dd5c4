package dev.tracewire.export;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector accepts connections and never answers: each export waits for its timeout, the queue fills, and
 * spans are dropped both as {@code queue_full} and as {@code export_failed}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { AbstractExporterOutageTests.EXPORT_PROPERTIES,
				"management.opentelemetry.tracing.export.schedule-delay=10ms",
				"management.opentelemetry.tracing.export.max-batch-size=5",
				"management.opentelemetry.tracing.export.otlp.timeout=300ms" })
class HangingCollectorTests extends AbstractExporterOutageTests {

	private static final ServerSocket collector = open();

	private static final List<Socket> accepted = new CopyOnWriteArrayList<>();

	@DynamicPropertySource
	static void collector(DynamicPropertyRegistry registry) {
		registry.add("management.opentelemetry.tracing.export.otlp.endpoint",
				() -> "http://127.0.0.1:" + collector.getLocalPort() + "/v1/traces");
	}

	private static ServerSocket open() {
		try {
			ServerSocket socket = new ServerSocket(0);
			Thread acceptor = new Thread(() -> {
				while (!socket.isClosed()) {
					try {
						accepted.add(socket.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "hanging-collector");
			acceptor.setDaemon(true);
			acceptor.start();
			return socket;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void close() throws IOException {
		collector.close();
		for (Socket socket : accepted) {
			socket.close();
		}
	}

	@Override
	void assertDrops() {
		assertThat(dropped(SpanLossMeters.QUEUE_FULL)).as("queue overflowed while exports hung").isPositive();
		assertThat(dropped(SpanLossMeters.EXPORT_FAILED)).as("hung exports timed out").isPositive();
	}

}
