package dev.tracewire.reactor;

import java.time.Duration;
import java.util.List;

import dev.tracewire.testapp.LeafController;
import dev.tracewire.testapp.SpanLifecycleCounter;
import dev.tracewire.testapp.TestApplication;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Cancelled work never leaks a span: a client that disconnects, a {@code timeout()} and a {@code take(1)} over
 * calls in flight each end every span they started, exactly once.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.ANNOTATIONS, TestApplication.EXCLUDED_WEB_CLIENT })
@TracewireTest
class CancellationTests {

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Autowired
	SpanLifecycleCounter lifecycle;

	private long startedBefore;

	@BeforeEach
	void noSpanIsOpen() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.lifecycle.openSpans().isEmpty());
		this.startedBefore = this.lifecycle.started();
	}

	@Test
	void clientDisconnectEndsServerAndOutboundSpansOnce() {
		assertThatException().isThrownBy(() -> client().get()
			.uri("/cancel/slow")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofMillis(300)));
		assertEverySpanEndedOnce();
		SpanData server = this.spans.awaitSpan("http get /cancel/slow", SpanKind.SERVER);
		assertThat(this.spans.awaitSpan("http get", SpanKind.CLIENT)).isChildOf(server);
		assertThat(server).hasAttribute("outcome", "UNKNOWN");
	}

	@Test
	void timeoutEndsTheCallItCancelsOnce() {
		String body = client().get().uri("/cancel/timeout").retrieve().bodyToMono(String.class).block();
		assertThat(body).isEqualTo("timed out");
		assertEverySpanEndedOnce();
		SpanData server = this.spans.awaitSpan("http get /cancel/timeout", SpanKind.SERVER);
		assertThat(this.spans.awaitSpan("http get", SpanKind.CLIENT)).isChildOf(server)
			.hasAttribute("outcome", "UNKNOWN");
	}

	@Test
	void takeOneEndsTheCallsItCancelsOnce() {
		String body = client().get().uri("/cancel/take").retrieve().bodyToMono(String.class).block();
		assertThat(body).isNotBlank();
		assertEverySpanEndedOnce();
		SpanData server = this.spans.awaitSpan("http get /cancel/take", SpanKind.SERVER);
		List<SpanData> clients = this.spans.finished()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.CLIENT)
			.toList();
		assertThat(clients).hasSize(5);
		clients.forEach((client) -> assertThat(client).isChildOf(server));
		assertThat(clients.stream().map((client) -> client.getAttributes().get(AttributeKey.stringKey("outcome"))))
			.as("outcomes of the calls").containsExactlyInAnyOrder("SUCCESS", "UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN");
		assertThat(this.spans.finished()).hasExactlyOneTrace();
	}

	private void assertEverySpanEndedOnce() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.lifecycle.openSpans()).isEmpty());
		long started = this.lifecycle.started() - this.startedBefore;
		assertThat(started).isPositive();
		assertThat(this.lifecycle.unmatchedEnds()).isZero();
		// The in-memory capture has each span once: SDK spans end exactly once.
		assertThat(this.spans.finished()).hasSize((int) started);
		assertThat(this.spans.finished().stream().map(SpanData::getSpanId).distinct().count()).isEqualTo(started);
		assertThat(this.spans.finished().stream().filter((span) -> span.getName().equals(LeafController.SPAN_NAME)))
			.allSatisfy((leaf) -> assertThat(leaf.hasEnded()).isTrue());
	}

	private WebClient client() {
		return WebClient.create("http://localhost:" + this.port);
	}

}
