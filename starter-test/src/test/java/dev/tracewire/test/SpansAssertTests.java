package dev.tracewire.test;

import java.util.List;

import dev.tracewire.test.app.Checkout;
import dev.tracewire.test.app.TracedApplication;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link SpansAssert} on real spans: each assertion passes on a real case and fails when it should.
 */
@SpringBootTest(classes = TracedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TracewireTest
class SpansAssertTests {

	@Autowired
	TestSpans spans;

	@Autowired
	Checkout checkout;

	@Autowired
	RestClient.Builder restClientBuilder;

	@LocalServerPort
	int port;

	@Test
	void hasExactlyOneTracePassesForSpansOfOneTrace() {
		this.checkout.checkout("c-1");

		assertThat(this.spans).hasExactlyOneTrace();
	}

	@Test
	void hasExactlyOneTraceFailsForTwoTraces() {
		this.checkout.step("first");
		this.checkout.step("second");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.spans).hasExactlyOneTrace())
			.withMessageContaining("Expected 1 trace(s) but found 2");
	}

	@Test
	void hasExactlyOneTraceFailsForNoSpans() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.spans).hasExactlyOneTrace())
			.withMessageContaining("but found 0")
			.withMessageContaining("(no spans)");
	}

	@Test
	void hasTraceCountPassesForTheNumberOfTraces() {
		this.checkout.step("first");
		this.checkout.checkout("c-1");

		assertThat(this.spans).hasTraceCount(2);
	}

	@Test
	void hasTraceCountFailsForAnotherNumber() {
		this.checkout.checkout("c-1");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.spans).hasTraceCount(2))
			.withMessageContaining("Expected 2 trace(s) but found 1");
	}

	@Test
	void hasSizePassesForTheNumberOfSpans() {
		this.checkout.checkout("c-1");

		assertThat(this.spans).hasSize(2);
	}

	@Test
	void hasSizeFailsForAnotherNumber() {
		this.checkout.checkout("c-1");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.spans).hasSize(3))
			.withMessageContaining("Expected 3 span(s) but found 2");
	}

	@Test
	void isEmptyPassesWhenNothingWasCaptured() {
		assertThat(this.spans).isEmpty();
	}

	@Test
	void isEmptyFailsWhenSpansWereCaptured() {
		this.checkout.checkout("c-1");

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.spans).isEmpty())
			.withMessageContaining("Expected no spans but found 2");
	}

	@Test
	void filteredOnKeepsOnlyTheMatchingSpans() {
		this.checkout.checkout("c-1");
		this.checkout.checkout("c-2");

		assertThat(this.spans).hasTraceCount(2)
			.filteredOn((span) -> span.getName().equals(Checkout.RESERVE_STOCK))
			.hasSize(2)
			.doesNotHaveSpanNamed(Checkout.CHECKOUT);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.spans).filteredOn((span) -> false).hasSize(1));
	}

	@Test
	void spanReturnsTheOnlySpanWithThatName() {
		this.checkout.checkout("c-1");
		this.checkout.step("other");

		SpanData span = assertThat(this.spans).span(Checkout.CHECKOUT).span();

		assertThat(span.getName()).isEqualTo(Checkout.CHECKOUT);
	}

	@Test
	void spanFailsWhenNoSpanHasThatName() {
		this.checkout.checkout("c-1");

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.spans).span("missing"))
			.withMessageContaining("Expected exactly one span named 'missing' but found 0")
			.withMessageContaining("'checkout' [INTERNAL]");
	}

	@Test
	void spanFailsWhenSeveralSpansHaveThatName() {
		this.checkout.step("twice");
		this.checkout.step("twice");

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.spans).span("twice"))
			.withMessageContaining("Expected exactly one span named 'twice' but found 2");
	}

	@Test
	void spanWithKindReturnsTheOnlySpanWithThatNameAndKind() {
		get("/traceparent");

		assertThat(this.spans.awaitCount(3)).span("http get", SpanKind.CLIENT).hasName("http get");
	}

	@Test
	void spanWithKindFailsWhenTheKindDiffers() {
		this.checkout.checkout("c-1");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.spans).span(Checkout.CHECKOUT, SpanKind.SERVER))
			.withMessageContaining("Expected exactly one span named 'checkout' of kind SERVER but found 0");
	}

	@Test
	void hasSpanPassesWhenASpanHasThatNameAndKind() {
		get("/traceparent");

		assertThat(this.spans.awaitCount(3)).hasSpan("http get /traceparent", SpanKind.SERVER)
			.hasSpan("http get", SpanKind.CLIENT);
	}

	@Test
	void hasSpanFailsWhenNoSpanHasThatNameAndKind() {
		get("/traceparent");
		List<SpanData> finished = this.spans.awaitCount(3);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(finished).hasSpan("http get /traceparent", SpanKind.CLIENT))
			.withMessageContaining("Expected a span named 'http get /traceparent' of kind CLIENT");
	}

	@Test
	void doesNotHaveSpanNamedPassesWhenNoSpanHasThatName() {
		this.checkout.checkout("c-1");

		assertThat(this.spans).doesNotHaveSpanNamed(Checkout.PAYMENT);
	}

	@Test
	void doesNotHaveSpanNamedFailsWhenASpanHasThatName() {
		this.checkout.checkout("c-1");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.spans).doesNotHaveSpanNamed(Checkout.RESERVE_STOCK))
			.withMessageContaining("Expected no span named 'reserve.stock'");
	}

	@Test
	void hasParentChildPassesForADirectChild() {
		this.checkout.checkout("c-1");

		assertThat(this.spans).hasParentChild(Checkout.CHECKOUT, Checkout.RESERVE_STOCK);
	}

	@Test
	void hasParentChildFailsForTheReverseRelation() {
		this.checkout.checkout("c-1");

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.spans).hasParentChild(Checkout.RESERVE_STOCK, Checkout.CHECKOUT))
			.withMessageContaining("Expected a span named 'reserve.stock' (found 1) to be the parent of a span "
					+ "named 'checkout' (found 1)");
	}

	@Test
	void hasParentChildFailsForAGrandchild() {
		get("/traceparent");
		List<SpanData> finished = this.spans.awaitCount(3);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(finished).hasParentChild("http get", "render.traceparent"));
	}

	@Test
	void allInTracePassesWhenEverySpanHasThatTraceId() {
		this.checkout.checkout("c-1");
		List<SpanData> finished = this.spans.finished();

		assertThat(finished).allInTrace(finished.get(0).getTraceId());
	}

	@Test
	void allInTraceFailsWhenASpanHasAnotherTraceId() {
		this.checkout.checkout("c-1");
		this.checkout.step("elsewhere");
		List<SpanData> finished = this.spans.finished();
		String checkoutTrace = assertThat(finished).span(Checkout.CHECKOUT).span().getTraceId();

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(finished).allInTrace(checkoutTrace))
			.withMessageContaining("but [elsewhere] are not");
	}

	@Test
	void containsNoTextPassesWhenNoSpanCarriesTheText() {
		this.checkout.checkout("cust-7f3a");
		catchThrowable(() -> this.checkout.pay("card declined for 4111"));

		assertThat(this.spans).containsNoText("password", "Bearer ", "5500");
	}

	@ParameterizedTest(name = "finds ''{0}'' in {1}")
	@CsvSource(delimiter = '|', textBlock = """
			reserve        | : name
			payment.meth   | attribute key payment.method
			7f3a           | attribute customer.id (value)
			cart.load      | event name 'cart.loaded'
			IllegalState   | event 'exception' attribute exception.type (value)
			4111           | status description
			traced-app     | resource attribute service.name (value)
			""")
	void containsNoTextFailsWhenASpanCarriesTheText(String needle, String where) {
		this.checkout.checkout("cust-7f3a");
		catchThrowable(() -> this.checkout.pay("card declined for 4111"));

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.spans).containsNoText("absent", needle))
			.withMessageContaining("'" + needle + "' in span")
			.withMessageContaining(where)
			.withMessageNotContaining("'absent' in span");
	}

	@Test
	void failureMessageShowsTheSpansAsATree() {
		this.checkout.checkout("c-1");
		List<SpanData> finished = this.spans.finished();
		SpanData parent = assertThat(finished).span(Checkout.CHECKOUT).span();
		SpanData child = assertThat(finished).span(Checkout.RESERVE_STOCK).span();

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(finished).hasSize(0))
			.withMessageContaining("  trace " + parent.getTraceId() + "\n"
					+ "    'checkout' [INTERNAL] span=" + parent.getSpanId() + " parent=none\n"
					+ "      'reserve.stock' [INTERNAL] span=" + child.getSpanId() + " parent="
					+ parent.getSpanId() + "\n");
	}

	@Test
	void assertThatTestSpansReadsTheFinishedSpans() {
		this.checkout.step("one");

		assertThat(this.spans).hasSize(1).span("one").isRoot();
	}

	private void get(String path) {
		this.restClientBuilder.baseUrl("http://localhost:" + this.port)
			.build()
			.get()
			.uri(path)
			.retrieve()
			.body(String.class);
	}

}
