package dev.tracewire.test;

import java.time.Duration;
import java.util.List;

import dev.tracewire.test.app.Checkout;
import dev.tracewire.test.app.TracedApplication;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.web.client.RestClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link TestSpans} capturing real spans, including spans that end on other threads.
 */
@SpringBootTest(classes = TracedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TracewireTest
class TestSpansTests {

	@Autowired
	TestSpans spans;

	@Autowired
	Checkout checkout;

	@Autowired
	RestClient.Builder restClientBuilder;

	@LocalServerPort
	int port;

	@Test
	void finishedReturnsASnapshotOfTheSpansEndedSoFar() {
		this.checkout.step("first");
		List<SpanData> snapshot = this.spans.finished();
		this.checkout.step("second");

		// Qualified: with TracewireAssertions.assertThat imported too, a List<SpanData> gets a SpansAssert.
		Assertions.assertThat(snapshot).extracting(SpanData::getName).containsExactly("first");
		Assertions.assertThat(this.spans.finished()).extracting(SpanData::getName).containsExactly("first", "second");
	}

	@Test
	void resetForgetsTheCapturedSpans() {
		this.checkout.step("forgotten");

		this.spans.reset();

		assertThat(this.spans.finished()).hasSize(0);
	}

	@Test
	void awaitCountWaitsForSpansThatEndOnAnotherThread() throws InterruptedException {
		Thread worker = new Thread(() -> {
			sleep(Duration.ofMillis(200));
			this.checkout.step("late");
		});
		worker.start();

		List<SpanData> finished = this.spans.awaitCount(1);
		worker.join();

		assertThat(finished).hasSize(1).span("late").isRoot();
	}

	@Test
	void awaitCountFailsListingTheCapturedSpansAfterTheTimeout() {
		this.checkout.step("only");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.spans.awaitCount(2, Duration.ofMillis(100)))
			.withMessageStartingWith("Expected at least 2 finished spans within PT0.1S but captured 1:")
			.withMessageContaining("'only' [INTERNAL]");
	}

	@Test
	void awaitSpanReturnsAServerSpanThatEndsAfterTheClientHasItsResponse() {
		get("/traceparent");

		SpanData server = this.spans.awaitSpan("http get /traceparent");

		assertThat(server).hasKind(SpanKind.SERVER);
	}

	@Test
	void awaitSpanFailsWhenNoSpanHasThatNameInTime() {
		this.checkout.step("present");

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.spans.awaitSpan("absent"))
			.withMessageStartingWith("Expected a span named 'absent' within PT5S but captured 1:")
			.withMessageContaining("'present' [INTERNAL]");
	}

	@Test
	void awaitSpanFailsWhenSeveralSpansHaveThatName() {
		this.checkout.step("twice");
		this.checkout.step("twice");

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.spans.awaitSpan("twice"))
			.withMessageStartingWith("Expected exactly one span named 'twice' but found 2");
	}

	@Test
	void awaitSpanWithKindReturnsTheSpanWithThatNameAndKind() {
		get("/traceparent");

		SpanData client = this.spans.awaitSpan("http get", SpanKind.CLIENT);

		assertThat(client).isRoot();
	}

	@Test
	void awaitSpanWithKindFailsWhenSeveralSpansHaveThatNameAndKind() {
		get("/traceparent");
		get("/traceparent");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.spans.awaitSpan("http get", SpanKind.CLIENT))
			.withMessageStartingWith("Expected exactly one span named 'http get' of kind CLIENT but found 2");
	}

	@Test
	void fromReturnsTheBeanOfTheContext(@Autowired ApplicationContext context) {
		Assertions.assertThat(TestSpans.from(context)).isSameAs(this.spans);
	}

	@Test
	void fromFailsForAContextWithoutTestSpans() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.refresh();

			assertThatIllegalStateException().isThrownBy(() -> TestSpans.from(context))
				.withMessageContaining("@TracewireTest");
		}
	}

	private void get(String path) {
		this.restClientBuilder.baseUrl("http://localhost:" + this.port)
			.build()
			.get()
			.uri(path)
			.retrieve()
			.body(String.class);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
