package dev.tracewire.sample.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deferred keep end to end (issue 20): the shop runs with {@code --sampling 0.01}, so almost no trace is
 * sampled. Checkouts that fail because payment-service is down must still be in Zipkin whole, from the gateway
 * to payment's failing span, with true parent links: payment keeps its part because its span failed, and
 * order-service and the gateway keep theirs because they answer 503 in turn (their own error, so they count
 * {@code kept-error}; a caller that did not fail itself would keep its part for the sampled flag of its callee's
 * {@code traceresponse}, as {@code kept-downstream}). Successful checkouts must be discarded (about 1 in 100 is
 * sampled), and each service's {@code /actuator/tracewire} must count what it did. The steps share one shop and
 * run in order.
 *
 * <p>
 * What a failing checkout's trace does <em>not</em> have, by design:
 * <ul>
 * <li>inventory-service's spans. order-service reserves the stock before it charges, and releases it after the
 * charge failed; both calls answered 2xx and inventory-service ended its SERVER spans (and their JDBC children)
 * with nothing failed or slow, so it discarded its part of the trace when each request ended, before anything
 * failed elsewhere. order-service's two CLIENT spans to inventory-service are there, without children.</li>
 * <li>anything of Kafka's consumers: a failed checkout stores and announces no order.</li>
 * </ul>
 * A service can only keep what it still holds; "kept" travels up the call chain (callee to caller, in the
 * response), never down or sideways to a sibling that already answered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopLowSamplingEndToEndTests {

	private static final double SAMPLING = 0.01;

	/**
	 * Failing checkouts that reach payment-service. order-service's breaker (count-based window of 10 calls, at
	 * least 5 calls, opens at 50% failures) must stay closed: the failures come after {@link #SUCCESSFUL_BEFORE}
	 * successful charges, so the window holds at most 4 failures in 10 calls (40%; 3, and one more if a failing
	 * checkout was sampled by probability and has to be replaced), before and after.
	 */
	private static final int FAILING = 3;

	private static final int SUCCESSFUL_BEFORE = 50;

	private static final int SUCCESSFUL_AFTER = 50;

	private static final int SUCCESSFUL = SUCCESSFUL_BEFORE + SUCCESSFUL_AFTER;

	/**
	 * The most successful checkouts whose traces may be in Zipkin: at 1% about 1 is sampled (more than 10 of 100
	 * has a probability below 1e-8), and a few may be kept for being slow (a local root of 2 s or more, e.g. while
	 * the services are still warming up); with nothing discarded all 100 would be there.
	 */
	private static final int MOST_SUCCESSFUL_PRESENT = 10;

	private static final String KEPT = TraceAwaiter.KEPT;

	private static final List<String> OUTCOMES = List.of("sampled", "kept-error", "kept-slow", "kept-downstream",
			"discarded", "evicted", "over-limit");

	private static final String GATEWAY = ShopService.GATEWAY.directory();

	private static final String ORDER = ShopService.ORDER.directory();

	private static final String INVENTORY = ShopService.INVENTORY.directory();

	private static final String PAYMENT = ShopService.PAYMENT.directory();

	private static final String NOTIFICATION = ShopService.NOTIFICATION.directory();

	private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(40);

	/** The services export every 500 ms ({@link Shop#EXPORT_DELAY}); a span that was exported is in Zipkin by then. */
	private static final Duration SETTLE = Duration.ofSeconds(4);

	private static Shop shop;

	private static final List<Checkout> successful = new ArrayList<>();

	/** The failing checkouts that were not sampled by probability. */
	private static final List<Checkout> failing = new ArrayList<>();

	/** Every checkout sent, in order. */
	private static final List<Checkout> sent = new ArrayList<>();

	private static long checkoutsEnded;

	private static Checkout bounced;

	@RegisterExtension
	static final TestWatcher logTailsOnFailure = TestShops.logTailsOnFailure(() -> shop);

	@BeforeAll
	static void startShop() {
		Path home = Shop.locateHome();
		// The services' logs apart from ShopEndToEndTests' ones; Kafka's and PostgreSQL's (launcher.log, from this
		// JVM's logback, configured once) in the same place as theirs, whichever test class runs first.
		Path logs = home.resolve("launcher/target/e2e-logs/low-sampling");
		System.setProperty("shop.logs", logs.getParent().toString());
		shop = TestShops.start(logs, SAMPLING);
	}

	@AfterAll
	static void stopShop() {
		if (shop != null) {
			shop.close();
		}
	}

	@Test
	@Order(1)
	void successfulCheckoutsThenFailingOnesWithPaymentDownThenSuccessfulOnesAgain() {
		sendSuccessful(SUCCESSFUL_BEFORE);
		shop.setFault(Fault.PAYMENT_DOWN, true);
		try {
			// One more than FAILING at most (4 failures in the breaker's window of 10 are 40%): in case one of them
			// is sampled by probability, which proves nothing about keeping.
			while (failing.size() < FAILING && sent.size() < SUCCESSFUL_BEFORE + FAILING + 1) {
				Checkout checkout = checkout("c-down");
				assertThat(checkout.status()).as(checkout.summary()).isEqualTo(503);
				assertThat(checkout.body()).as("the charge reached payment-service (the breaker is closed)")
					.contains("PAYMENT_UNAVAILABLE")
					.contains("payment-service answered 503");
				if (!sampledByProbability(checkout)) {
					failing.add(checkout);
				}
			}
		}
		finally {
			shop.setFault(Fault.PAYMENT_DOWN, false);
		}
		assertThat(failing).as("failing checkouts not sampled by probability").hasSize(FAILING);
		sendSuccessful(SUCCESSFUL_AFTER);
		// Likewise a bounced e-mail whose trace the gateway neither sampled nor kept (for being slow).
		for (int i = 0; i < 3 && (bounced == null || bounced.sampled()); i++) {
			bounced = shop.client()
				.checkout(sent.size() + 1, new CheckoutRequest("c-bounce", "c-bounce@bounce.example",
						CheckoutScript.items(i, 1)));
			sent.add(bounced);
			assertThat(bounced.status()).as(bounced.summary()).isEqualTo(201);
		}
		checkoutsEnded = System.nanoTime();
		System.out.printf("%d checkouts: %d successful, %d of them with the sampled flag in traceresponse, %d by "
				+ "probability; %d failing not sampled by probability, %d of them with the flag%n", sent.size(),
				successful.size(), successful.stream().filter(Checkout::sampled).count(),
				successful.stream().filter(ShopLowSamplingEndToEndTests::sampledByProbability).count(), failing.size(),
				failing.stream().filter(Checkout::sampled).count());
		assertThat(failing).as("the gateway's traceresponse tells the caller that it kept each failing checkout")
			.allSatisfy((checkout) -> assertThat(checkout.sampled()).as(checkout.summary()).isTrue());
		assertThat(successful).as("successful checkouts sampled by probability say so in traceresponse")
			.filteredOn(ShopLowSamplingEndToEndTests::sampledByProbability)
			.allSatisfy((checkout) -> assertThat(checkout.sampled()).as(checkout.summary()).isTrue());
	}

	@Test
	@Order(2)
	void everyFailingCheckoutIsWholeInZipkinFromTheGatewayToPaymentsFailingSpan() {
		assertThat(failing).hasSize(FAILING);
		for (Checkout checkout : failing) {
			awaitTrace(checkout, (trace) -> {
				assertThat(trace.roots()).as("one root").hasSize(1);
				ZipkinSpan root = trace.roots().get(0);
				assertThat(root.service() + " " + root.kind()).as("the root span").isEqualTo(GATEWAY + " SERVER");
				assertThat(root.isError()).as("the gateway's 503 is an error").isTrue();

				ZipkinSpan order = only(trace.spans(ORDER, "SERVER"));
				assertCalledBy(trace, order, GATEWAY);
				assertThat(order.isError()).as("order-service's 503 is an error").isTrue();
				ZipkinSpan payment = only(trace.spans(PAYMENT, "SERVER"));
				assertCalledBy(trace, payment, ORDER);
				assertThat(payment.isError()).as("payment-service's 503 is an error").isTrue();
				assertThat(trace.isBelow(payment, order)).isTrue();

				assertThat(trace.spans()).as("every span says why it was kept though not sampled")
					.allSatisfy((span) -> assertThat(span.tag(KEPT)).as(span.service() + " " + span.spanName())
						.isIn("error", "downstream"));
				assertThat(trace.spans(PAYMENT)).as("payment-service kept its part because its span failed")
					.allSatisfy((span) -> assertThat(span.tag(KEPT)).isEqualTo("error"));

				// Not there: inventory-service's reservation and release (see the class comment); order's calls are.
				assertThat(trace.spans(INVENTORY)).as("inventory-service's spans, which it discarded").isEmpty();
				assertThat(trace.find((span) -> span.service().equals(ORDER) && span.is("CLIENT")
						&& !span.isDatabase() && trace.childrenOf(span).isEmpty()))
					.as("order-service's calls to inventory-service (reserve, release), without children")
					.hasSize(2);
				assertThat(trace.services()).containsExactly(GATEWAY, ORDER, PAYMENT);
			});
		}
		// What README.md tells you to search Zipkin for.
		assertThat(shop.zipkin().traces(GATEWAY, KEPT + "=error", Duration.ofMinutes(15), 100))
			.as("traces found by Zipkin's query " + KEPT + "=error")
			.extracting(Trace::traceId)
			.containsAll(failing.stream().map(Checkout::traceId).toList());
	}

	@Test
	@Order(3)
	void successfulCheckoutsAreMostlyAbsentFromZipkin() {
		assertThat(successful).hasSize(SUCCESSFUL);
		long wait = checkoutsEnded + SETTLE.toNanos() - System.nanoTime();
		if (wait > 0) {
			try {
				Thread.sleep(wait / 1_000_000 + 1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		List<Checkout> present = new ArrayList<>();
		for (Checkout checkout : successful) {
			Trace trace = shop.zipkin().trace(String.valueOf(checkout.traceId()));
			if (!trace.isEmpty()) {
				present.add(checkout);
				System.out.println("Successful checkout " + checkout.summary() + " (sampled flag " + checkout.sampled()
						+ ", by probability " + sampledByProbability(checkout) + ") is in Zipkin: " + describe(trace));
			}
		}
		System.out.println(present.size() + " of " + SUCCESSFUL + " successful checkouts' traces are in Zipkin");
		assertThat(present.size()).as("successful checkouts' traces in Zipkin, of " + SUCCESSFUL)
			.isLessThanOrEqualTo(MOST_SUCCESSFUL_PRESENT);
		assertThat(present).as("successful checkouts in Zipkin include those sampled by probability")
			.containsAll(successful.stream().filter(ShopLowSamplingEndToEndTests::sampledByProbability).toList());
	}

	/**
	 * A checkout to a {@code @bounce.example} address answers 201; notification-service's fire-and-forget e-mail
	 * ({@code @Async}) fails later, after every other service has discarded its part (all of them ended without an
	 * error long before) and after notification's own Kafka listener span ended. notification-service keeps what
	 * it still holds: the failed e-mail span, tagged {@code kept=error}, whose parent (the listener's CONSUMER span)
	 * is in Zipkin only when the e-mail's span started before the listener's ended (spans of a trace that are open
	 * at the same time are held together); usually it is not, and the e-mail's span is a lone orphan.
	 */
	@Test
	@Order(4)
	void aBouncedEmailAfterA201KeepsOnlyNotificationServicesPart() {
		assertThat(bounced.sampled()).as("the gateway answered before anything failed: not kept").isFalse();
		awaitTrace(bounced, (trace) -> {
			assertThat(trace.services()).as("services with spans in the trace").containsExactly(NOTIFICATION);
			assertThat(trace.find((span) -> span.isError() && !span.is("CONSUMER")))
				.as("the failed e-mail span of notification-service")
				.singleElement()
				.satisfies((span) -> assertThat(span.tag(KEPT)).isEqualTo("error"));
			assertThat(trace.spans()).allSatisfy((span) -> assertThat(span.tag(KEPT)).isEqualTo("error"));
		});
	}

	@Test
	@Order(5)
	void eachServiceCountsWhatItKeptAndDiscarded() {
		Map<ShopService, Map<String, Long>> counts = new EnumMap<>(ShopService.class);
		try {
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				for (ShopService service : List.of(ShopService.GATEWAY, ShopService.ORDER, ShopService.PAYMENT,
						ShopService.INVENTORY, ShopService.NOTIFICATION)) {
					counts.put(service, shop.client().traceOutcomes(service));
				}
				Map<String, Long> gateway = counts.get(ShopService.GATEWAY);
				assertThat(count(gateway, "kept-error") + count(gateway, "kept-downstream")).as("gateway kept " + gateway)
					.isGreaterThanOrEqualTo(FAILING);
				assertThat(count(gateway, "discarded") + count(gateway, "sampled") + count(gateway, "kept-slow"))
					.as("gateway discarded or sampled " + gateway)
					.isGreaterThanOrEqualTo(SUCCESSFUL);
				assertThat(count(gateway, "discarded")).as("gateway discarded " + gateway)
					.isGreaterThanOrEqualTo(SUCCESSFUL - MOST_SUCCESSFUL_PRESENT);
				// The gateway serves nothing but the checkouts (and /actuator/**, never traced): one local trace each.
				assertThat(OUTCOMES.stream().mapToLong((outcome) -> count(gateway, outcome)).sum())
					.as("gateway's local traces, one per checkout " + gateway)
					.isEqualTo(sent.size());
				assertThat(count(gateway, "sampled")).as("gateway sampled by probability " + gateway)
					.isEqualTo(sent.stream().filter(ShopLowSamplingEndToEndTests::sampledByProbability).count());

				Map<String, Long> order = counts.get(ShopService.ORDER);
				assertThat(count(order, "kept-error") + count(order, "kept-downstream")).as("order-service kept " + order)
					.isGreaterThanOrEqualTo(FAILING);
				assertThat(count(order, "discarded") + count(order, "sampled") + count(order, "kept-slow"))
					.as("order-service discarded or sampled " + order)
					.isGreaterThanOrEqualTo(SUCCESSFUL);

				Map<String, Long> payment = counts.get(ShopService.PAYMENT);
				assertThat(count(payment, "kept-error")).as("payment-service kept for its own error " + payment)
					.isGreaterThanOrEqualTo(FAILING);
				assertThat(count(payment, "discarded") + count(payment, "sampled") + count(payment, "kept-slow"))
					.as("payment-service discarded or sampled " + payment)
					.isGreaterThanOrEqualTo(SUCCESSFUL);

				// Reservations of every checkout, and the releases of the failing ones: all answered 2xx.
				Map<String, Long> inventory = counts.get(ShopService.INVENTORY);
				assertThat(count(inventory, "discarded") + count(inventory, "sampled") + count(inventory, "kept-slow"))
					.as("inventory-service discarded or sampled " + inventory)
					.isGreaterThanOrEqualTo(SUCCESSFUL + 2L * FAILING);
				assertThat(count(inventory, "kept-error") + count(inventory, "kept-downstream"))
					.as("inventory-service kept for an error " + inventory)
					.isZero();

				Map<String, Long> notification = counts.get(ShopService.NOTIFICATION);
				assertThat(count(notification, "kept-error")).as("notification-service kept the bounced e-mail "
						+ notification).isGreaterThanOrEqualTo(1);
			});
		}
		finally {
			counts.forEach((service, outcomes) -> System.out.printf("%-18s %s%n", service.directory(), outcomes));
		}
		counts.forEach((service, outcomes) -> assertThat(count(outcomes, "evicted") + count(outcomes, "over-limit"))
			.as(service.directory() + " lost no trace (evicted, over the keep limit): " + outcomes)
			.isZero());
	}

	// ---------------------------------------------------------------------------------------------------------

	private static void sendSuccessful(int count) {
		for (int i = 0; i < count; i++) {
			Checkout checkout = checkout("c-ok");
			successful.add(checkout);
			assertThat(checkout.status()).as(checkout.summary()).isEqualTo(201);
			assertThat(checkout.traceId()).as("trace id from traceresponse of " + checkout.summary()).isNotNull();
		}
	}

	private static Checkout checkout(String customer) {
		int number = sent.size() + 1;
		// No @bounce.example address: its e-mail's failure would keep notification-service's part of the trace.
		CheckoutRequest request = new CheckoutRequest(customer + "-" + number, customer + "-" + number + "@example.com",
				CheckoutScript.items(number, 1 + number % 3));
		Checkout checkout = shop.client().checkout(number, request);
		sent.add(checkout);
		return checkout;
	}

	/**
	 * Returns whether the gateway sampled the checkout's trace by probability: OpenTelemetry's consistent
	 * probability sampling, which Tracewire follows, samples a trace when the last 56 bits of its id are at least
	 * {@code (1 - p) * 2^56}. Every service at the same probability decides the same.
	 */
	private static boolean sampledByProbability(Checkout checkout) {
		String traceId = String.valueOf(checkout.traceId());
		long randomness = Long.parseLong(traceId.substring(traceId.length() - 14), 16);
		return randomness >= Math.round((1 - SAMPLING) * (1L << 56));
	}

	/**
	 * Polls Zipkin until the checkout's trace passes the assertions and then, for the assertions that something
	 * is absent, still passes them {@link #SETTLE} later.
	 */
	private static Trace awaitTrace(Checkout checkout, Consumer<Trace> assertions) {
		assertThat(checkout.traceId()).as("trace id of " + checkout.summary()).isNotNull();
		AtomicReference<Trace> last = new AtomicReference<>(new Trace(String.valueOf(checkout.traceId()), List.of()));
		AtomicReference<Long> passedSince = new AtomicReference<>();
		try {
			await().atMost(TRACE_TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				Trace trace = shop.zipkin().trace(String.valueOf(checkout.traceId()));
				last.set(trace);
				try {
					assertions.accept(trace);
				}
				catch (AssertionError ex) {
					passedSince.set(null);
					throw ex;
				}
				if (passedSince.get() == null) {
					passedSince.set(System.nanoTime());
				}
				assertThat(System.nanoTime() - passedSince.get()).as("still true %s later", SETTLE)
					.isGreaterThanOrEqualTo(SETTLE.toNanos());
			});
		}
		catch (ConditionTimeoutException ex) {
			System.out.println("Trace of checkout " + checkout.summary() + " when the wait ended:");
			print(last.get());
			throw ex;
		}
		System.out.println("Checkout " + checkout.summary() + ": " + describe(last.get()));
		print(last.get());
		return last.get();
	}

	private static String describe(Trace trace) {
		StringBuilder text = new StringBuilder(trace.spans().size() + " spans");
		for (String service : trace.services()) {
			text.append("; ").append(service).append(':');
			trace.spans(service)
				.stream()
				.map((span) -> span.tag(KEPT))
				.distinct()
				.forEach((kept) -> text.append(' ').append((kept != null) ? KEPT + "=" + kept : "sampled"));
		}
		return text.toString();
	}

	private static long count(Map<String, Long> outcomes, String outcome) {
		return outcomes.getOrDefault(outcome, 0L);
	}

	private static void assertCalledBy(Trace trace, ZipkinSpan server, String caller) {
		ZipkinSpan parent = trace.parentOf(server);
		assertThat(parent).as("parent of " + server.service() + "'s SERVER span " + server.spanName()).isNotNull();
		assertThat(parent.service() + " " + parent.kind()).as("parent of " + server.service() + "'s SERVER span")
			.isEqualTo(caller + " CLIENT");
	}

	private static ZipkinSpan only(List<ZipkinSpan> spans) {
		assertThat(spans).as("exactly one span").hasSize(1);
		return spans.get(0);
	}

	private static void print(Trace trace) {
		System.out.print(Waterfall.render(trace, Terminal.plain(System.out)));
	}

}
