package dev.tracewire.sample.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckoutScriptTests {

	@Test
	void sendsOneCheckoutToABouncingAddress() {
		List<CheckoutRequest> requests = CheckoutScript.requests(20, Set.of());
		assertThat(requests).hasSize(20);
		assertThat(requests).filteredOn((request) -> request.email().endsWith("@bounce.example")).hasSize(1);
		assertThat(CheckoutScript.requests(1, Set.of()).get(0).email()).endsWith("@bounce.example");
	}

	@Test
	void ordersSixDistinctLinesWhenLoyaltyHasItsNPlusOneFault() {
		List<CheckoutRequest> requests = CheckoutScript.requests(3, Set.of(Fault.LOYALTY_N_PLUS_ONE));
		assertThat(requests).allSatisfy((request) -> {
			assertThat(request.items()).hasSize(6);
			assertThat(request.items().stream().map(CheckoutRequest.Item::sku).distinct()).hasSize(6);
		});
	}

	@Test
	void sendsEnoughCheckoutsToOpenTheBreakerWhenPaymentIsDown() {
		assertThat(CheckoutScript.requests(3, Set.of(Fault.PAYMENT_DOWN))).hasSize(CheckoutScript.BREAKER_CHECKOUTS);
	}

	@Test
	void showsTheBouncedCheckoutWithoutFaults() {
		List<Checkout> checkouts = List.of(checkout(1, 201, "a@example.com"), checkout(2, 201, "b@bounce.example"));
		assertThat(CheckoutScript.featured(checkouts, Set.of())).extracting(Checkout::number).containsExactly(2);
	}

	@Test
	void showsACheckoutWhoseMailDoesNotBounceWhenAFaultIsOn() {
		List<Checkout> checkouts = List.of(checkout(1, 201, "a@bounce.example"), checkout(2, 201, "b@example.com"));
		assertThat(CheckoutScript.featured(checkouts, Set.of(Fault.LOYALTY_N_PLUS_ONE))).extracting(Checkout::number)
			.containsExactly(2);
	}

	@Test
	void showsFirstAndLastFailureWhenPaymentIsDown() {
		List<Checkout> checkouts = List.of(checkout(1, 503, "a@example.com"), checkout(2, 503, "b@bounce.example"),
				checkout(3, 503, "c@example.com"));
		assertThat(CheckoutScript.featured(checkouts, Set.of(Fault.PAYMENT_DOWN))).extracting(Checkout::number)
			.containsExactly(1, 3);
	}

	@Test
	void readsTheTraceIdFromTraceresponse() {
		assertThat(Checkout.traceIdOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
			.isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(Checkout.traceIdOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")).isNull();
		assertThat(Checkout.traceIdOf(null)).isNull();
	}

	@Test
	void readsTheSampledFlagFromTraceresponse() {
		assertThat(Checkout.sampledOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")).isTrue();
		assertThat(Checkout.sampledOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03")).isTrue();
		assertThat(Checkout.sampledOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")).isFalse();
		assertThat(Checkout.sampledOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-02")).isFalse();
		assertThat(Checkout.sampledOf("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")).isFalse();
		assertThat(Checkout.sampledOf(null)).isFalse();
	}

	private static Checkout checkout(int number, int status, String email) {
		return new Checkout(number, new CheckoutRequest("c", email, CheckoutScript.items(0, 1)), status, "",
				"0af7651916cd43dd8448eb211c80319" + number, false, Duration.ofMillis(10));
	}

}
