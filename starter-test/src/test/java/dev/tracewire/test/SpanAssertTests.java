package dev.tracewire.test;

import java.util.List;

import dev.tracewire.test.app.Checkout;
import dev.tracewire.test.app.TracedApplication;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link SpanAssert} on real spans: each assertion passes on a real case and fails when it should.
 */
@SpringBootTest(classes = TracedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@TracewireTest
class SpanAssertTests {

	@Autowired
	TestSpans spans;

	@Autowired
	Checkout checkout;

	SpanData checkoutSpan;

	SpanData reserveStock;

	SpanData payment;

	SpanData other;

	@BeforeEach
	void createSpans() {
		this.checkout.checkout("c-1");
		catchThrowable(() -> this.checkout.pay("card declined"));
		this.checkout.step("other");
		List<SpanData> finished = this.spans.finished();
		this.checkoutSpan = assertThat(finished).span(Checkout.CHECKOUT).span();
		this.reserveStock = assertThat(finished).span(Checkout.RESERVE_STOCK).span();
		this.payment = assertThat(finished).span(Checkout.PAYMENT).span();
		this.other = assertThat(finished).span("other").span();
	}

	@Test
	void spanReturnsTheSpanUnderTest() {
		assertThat(assertThat(this.checkoutSpan).span()).isSameAs(this.checkoutSpan);
	}

	@Test
	void hasNamePassesForTheSpansName() {
		assertThat(this.checkoutSpan).hasName("checkout");
	}

	@Test
	void hasNameFailsForAnotherName() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.checkoutSpan).hasName("payment"))
			.withMessageContaining("Expected span to be named 'payment' but was 'checkout' [INTERNAL] trace=");
	}

	@Test
	void hasKindPassesForTheSpansKind() {
		assertThat(this.checkoutSpan).hasKind(SpanKind.INTERNAL);
	}

	@Test
	void hasKindFailsForAnotherKind() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.checkoutSpan).hasKind(SpanKind.SERVER))
			.withMessageContaining("Expected span to be of kind SERVER");
	}

	@Test
	void isRootPassesForASpanWithoutParent() {
		assertThat(this.checkoutSpan).isRoot();
	}

	@Test
	void isRootFailsForAChild() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.reserveStock).isRoot())
			.withMessageContaining("Expected a root span but was 'reserve.stock'")
			.withMessageContaining("parent=" + this.checkoutSpan.getSpanId());
	}

	@Test
	void isChildOfPassesForTheParent() {
		assertThat(this.reserveStock).isChildOf(this.checkoutSpan);
	}

	@Test
	void isChildOfFailsForTheReverseRelation() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.checkoutSpan).isChildOf(this.reserveStock))
			.withMessageContaining("to be a child of");
	}

	@Test
	void isChildOfFailsForASpanOfAnotherTrace() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.reserveStock).isChildOf(this.other));
	}

	@Test
	void hasTraceIdPassesForTheSpansTrace() {
		assertThat(this.reserveStock).hasTraceId(this.checkoutSpan.getTraceId());
	}

	@Test
	void hasTraceIdFailsForAnotherTrace() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.reserveStock).hasTraceId(this.other.getTraceId()))
			.withMessageContaining("Expected span to be in trace " + this.other.getTraceId());
	}

	@Test
	void isInSameTraceAsPassesForASpanOfTheSameTrace() {
		assertThat(this.checkoutSpan).isInSameTraceAs(this.reserveStock);
	}

	@Test
	void isInSameTraceAsFailsForASpanOfAnotherTrace() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.checkoutSpan).isInSameTraceAs(this.other))
			.withMessageContaining("to be in the same trace as");
	}

	@Test
	void hasAttributePassesForAStringAttribute() {
		assertThat(this.checkoutSpan).hasAttribute("payment.method", "card").hasAttribute("customer.id", "c-1");
	}

	@Test
	void hasAttributeComparesNumbersByValue() {
		assertThat(this.checkoutSpan).hasAttribute("items", 3).hasAttribute("items", 3L).hasAttribute("discount", 0.25);
	}

	@Test
	void hasAttributePassesForABooleanAttribute() {
		assertThat(this.checkoutSpan).hasAttribute("express", true);
	}

	@Test
	void hasAttributeFailsForAnotherValue() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.checkoutSpan).hasAttribute("items", 4))
			.withMessageContaining("Expected span to have attribute items=4 (Integer) but it was 3 (Long)");
	}

	@Test
	void hasAttributeFailsForTheSameValueAsText() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.checkoutSpan).hasAttribute("items", "3"));
	}

	@Test
	void hasAttributeFailsForAMissingKey() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.checkoutSpan).hasAttribute("coupon", "SAVE10"))
			.withMessageContaining("it has no such attribute")
			.withMessageContaining("payment.method=card");
	}

	@Test
	void hasAttributeKeyPassesForAnAttributeOfAnyType() {
		assertThat(this.checkoutSpan).hasAttributeKey("items").hasAttributeKey("payment.method");
	}

	@Test
	void hasAttributeKeyFailsForAMissingKey() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.reserveStock).hasAttributeKey("items"))
			.withMessageContaining("Expected span to have attribute items");
	}

	@Test
	void doesNotHaveAttributePassesForAMissingKey() {
		assertThat(this.reserveStock).doesNotHaveAttribute("customer.id");
	}

	@Test
	void doesNotHaveAttributeFailsForAPresentKey() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.checkoutSpan).doesNotHaveAttribute("customer.id"))
			.withMessageContaining("Expected span not to have attribute customer.id but it was c-1");
	}

	@Test
	void hasEventNamedPassesForARecordedEvent() {
		assertThat(this.checkoutSpan).hasEventNamed("cart.loaded");
	}

	@Test
	void hasEventNamedFailsForAnotherEvent() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.checkoutSpan).hasEventNamed("cart.saved"))
			.withMessageContaining("its events were [cart.loaded]");
	}

	@Test
	void hasStatusPassesForTheSpansStatus() {
		// Micrometer's OpenTelemetry bridge sets OK on every span that ends without an error.
		assertThat(this.checkoutSpan).hasStatus(StatusCode.OK);
		assertThat(this.payment).hasStatus(StatusCode.ERROR);
	}

	@Test
	void hasStatusFailsForAnotherStatus() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.checkoutSpan).hasStatus(StatusCode.UNSET))
			.withMessageContaining("Expected span to have status UNSET");
	}

	@Test
	void hasErrorStatusPassesForAFailedSpan() {
		assertThat(this.payment).hasErrorStatus().hasEventNamed("exception");
	}

	@Test
	void hasErrorStatusFailsForASuccessfulSpan() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.checkoutSpan).hasErrorStatus())
			.withMessageContaining("Expected span to have status ERROR");
	}

}
