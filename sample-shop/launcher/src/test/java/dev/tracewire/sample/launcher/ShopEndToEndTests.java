package dev.tracewire.sample.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * The shop end to end: the launcher starts Kafka, PostgreSQL, Zipkin and the seven service jars as processes (free
 * ports), checkouts go through the gateway, and Zipkin's API must show one trace per checkout with every edge of
 * CONTRACT.md; then each fault is switched on at run time and its trace must show what the contract says.
 * The shop starts once for all steps, which run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShopEndToEndTests {

	private static final String GATEWAY = ShopService.GATEWAY.directory();

	private static final String ORDER = ShopService.ORDER.directory();

	private static final String INVENTORY = ShopService.INVENTORY.directory();

	private static final String PAYMENT = ShopService.PAYMENT.directory();

	private static final String LOYALTY = ShopService.LOYALTY.directory();

	private static final String NOTIFICATION = ShopService.NOTIFICATION.directory();

	private static final String ANALYTICS = ShopService.ANALYTICS.directory();

	private static final Duration TRACE_TIMEOUT = Duration.ofSeconds(40);

	/** The services export every 500 ms ({@link Shop#EXPORT_DELAY}); a span that exists is in Zipkin well within this. */
	private static final Duration EXPORT_DELAY = Duration.ofSeconds(7);

	private static Shop shop;

	@RegisterExtension
	static final TestWatcher logTailsOnFailure = TestShops.logTailsOnFailure(() -> shop);

	@BeforeAll
	static void startShop() {
		Path home = Shop.locateHome();
		Path logs = home.resolve("launcher/target/e2e-logs");
		System.setProperty("shop.logs", logs.toString());
		shop = TestShops.start(logs, null);
	}

	@AfterAll
	static void stopShop() {
		if (shop != null) {
			shop.close();
		}
	}

	@Test
	@Order(1)
	void launcherScriptPrintsTheWaterfallOfACheckout() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		Terminal terminal = Terminal.plain(new PrintStream(bytes, true, StandardCharsets.UTF_8));
		int code = new ShopLauncher(LauncherOptions.parse("--once", "--checkouts", "3"), terminal).showcase(shop);
		String output = bytes.toString(StandardCharsets.UTF_8);
		System.out.println(output);
		assertThat(code).as("exit code of the script").isZero();
		assertThat(output).contains("3 checkouts: 3 x 201")
			.contains("/zipkin/traces/")
			.contains("Trace ")
			.contains("7 services")
			.contains("/actuator/faults/down");
		assertThat(output.lines().filter((line) -> line.startsWith("✗"))).as("the bounced e-mail's error span")
			.anySatisfy((line) -> assertThat(line).contains(NOTIFICATION));
	}

	@Test
	@Order(2)
	void everyCheckoutIsOneTraceThroughAllSevenServices() {
		List<CheckoutRequest> requests = CheckoutScript.requests(4, Set.of());
		List<Checkout> checkouts = CheckoutScript.run(shop.client(), requests, (checkout) -> {
		});
		assertThat(checkouts).allSatisfy((checkout) -> {
			assertThat(checkout.status()).as(checkout.summary()).isEqualTo(201);
			assertThat(checkout.traceId()).as("trace id from traceresponse of " + checkout.summary()).isNotNull();
		});
		assertThat(checkouts).extracting(Checkout::traceId).doesNotHaveDuplicates();
		for (Checkout checkout : checkouts) {
			Trace trace = awaitTrace(checkout, TRACE_TIMEOUT, ShopEndToEndTests::assertCheckoutTrace);
			if (checkout.bounces()) {
				ZipkinSpan listener = only(trace.spans(NOTIFICATION, "CONSUMER"));
				assertThat(trace.find((span) -> span.service().equals(NOTIFICATION) && span.isError()
						&& trace.isBelow(span, listener)))
					.as("the failed e-mail of a @bounce.example address: an error span under notification's listener")
					.isNotEmpty();
			}
		}
	}

	@Test
	@Order(3)
	void slowQueryInInventoryIsATwoSecondStatementMarkedSlow() {
		withFault(Fault.INVENTORY_SLOW_QUERY, () -> {
			Checkout checkout = checkout(1);
			assertThat(checkout.status()).as(checkout.summary()).isEqualTo(201);
			awaitTrace(checkout, TRACE_TIMEOUT, (trace) -> {
				ZipkinSpan server = only(trace.spans(INVENTORY, "SERVER"));
				assertThat(trace.find((span) -> span.service().equals(INVENTORY) && span.isDatabase()
						&& span.durationMicros() >= 2_000_000 && trace.isBelow(span, server)))
					.as("a JDBC span of 2 s or more under inventory's reservation")
					.isNotEmpty()
					.allSatisfy((span) -> assertThat(span.tag("tracewire.jdbc.slow_query")).as("slow-query mark")
						.isEqualTo("true"));
			});
		});
	}

	@Test
	@Order(4)
	void nPlusOneInLoyaltyShowsRepeatedSelectsAndTheEvent() {
		withFault(Fault.LOYALTY_N_PLUS_ONE, () -> {
			Checkout checkout = checkout(CheckoutScript.N_PLUS_ONE_LINES);
			assertThat(checkout.status()).as(checkout.summary()).isEqualTo(201);
			awaitTrace(checkout, TRACE_TIMEOUT, (trace) -> {
				List<ZipkinSpan> flagged = trace.find((span) -> span.service().equals(LOYALTY)
						&& (span.hasAnnotation("jdbc.n_plus_one") || span.hasTag("tracewire.jdbc.n_plus_one")));
				assertThat(flagged).as("loyalty span with the jdbc starter's N+1 event").hasSize(1);
				ZipkinSpan parent = flagged.get(0);
				assertThat(trace.childrenOf(parent).stream().filter(ZipkinSpan::isDatabase).map(ZipkinSpan::spanName))
					.as("repeated statements under " + parent.spanName())
					.hasSizeGreaterThanOrEqualTo(5);
			});
		});
	}

	@Test
	@Order(5)
	void failingNotificationRetriesThreeTimesThenDeadLetters() {
		withFault(Fault.NOTIFICATION_FAILING, () -> {
			Checkout checkout = checkout(1);
			assertThat(checkout.status()).as("the checkout does not wait for notification: " + checkout.summary())
				.isEqualTo(201);
			awaitTrace(checkout, TRACE_TIMEOUT, (trace) -> {
				ZipkinSpan producer = only(trace.spans(ORDER, "PRODUCER"));
				List<ZipkinSpan> attempts = trace.find((span) -> span.service().equals(NOTIFICATION)
						&& span.is("CONSUMER") && span.isError() && trace.isBelow(span, producer));
				assertThat(attempts).as("failed listener attempts of notification (main topic, then retries)")
					.hasSizeGreaterThanOrEqualTo(3);
				assertThat(trace.find(TraceAwaiter.deadLetter().and((span) -> span.service().equals(NOTIFICATION)
						&& span.is("CONSUMER"))))
					.as("notification's dead-letter span in the checkout's trace")
					.isNotEmpty();
			});
		});
	}

	@Test
	@Order(6)
	void silentFailureInAnalyticsIsAnErrorSpanThoughTheCheckoutSucceeded() {
		long since = System.currentTimeMillis();
		withFault(Fault.ANALYTICS_SILENT_FAILURE, () -> {
			Checkout checkout = checkout(1);
			assertThat(checkout.status()).as(checkout.summary()).isEqualTo(201);
			AtomicReference<Trace> found = new AtomicReference<>();
			try {
				await().atMost(TRACE_TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
					List<Trace> candidates = new ArrayList<>();
					candidates.add(shop.zipkin().trace(String.valueOf(checkout.traceId())));
					candidates.addAll(shop.zipkin()
						.traces(ANALYTICS, "error", Duration.ofMillis(System.currentTimeMillis() - since + 1000), 20));
					Trace withError = candidates.stream()
						.filter((trace) -> trace.spans().stream()
							.anyMatch((span) -> span.service().equals(ANALYTICS) && span.isError()))
						.findFirst()
						.orElse(null);
					assertThat(withError).as("a trace with an error span of analytics-service, after checkout "
							+ checkout.summary()).isNotNull();
					found.set(withError);
				});
			}
			catch (ConditionTimeoutException ex) {
				print(shop.zipkin().trace(String.valueOf(checkout.traceId())));
				throw ex;
			}
			Trace trace = found.get();
			print(trace);
			ZipkinSpan error = trace.find((span) -> span.service().equals(ANALYTICS) && span.isError()).get(0);
			assertThat(trace.find((span) -> span.service().equals(ANALYTICS) && trace.isBelow(error, span)))
				.as("the failed fire-and-forget work runs under analytics' batch (or record) span")
				.isNotEmpty();
		});
	}

	@Test
	@Order(7)
	void consumerLagShowsAsAGapBeforeAnalytics() {
		withFault(Fault.ANALYTICS_CONSUMER_LAG, () -> {
			List<Checkout> checkouts = CheckoutScript.run(shop.client(), CheckoutScript.requests(3, Set.of()),
					(checkout) -> {
					});
			assertThat(checkouts).allSatisfy(
					(checkout) -> assertThat(checkout.status()).as("lag is invisible to callers").isEqualTo(201));
			List<Long> gaps = new ArrayList<>();
			for (Checkout checkout : checkouts) {
				awaitTrace(checkout, Duration.ofSeconds(60), (trace) -> {
					ZipkinSpan producer = only(trace.spans(ORDER, "PRODUCER"));
					List<ZipkinSpan> analytics = trace.find(
							(span) -> span.service().equals(ANALYTICS) && trace.isBelow(span, producer));
					assertThat(analytics).as("analytics spans under order's send span").isNotEmpty();
					gaps.add(analytics.get(0).timestamp() - producer.end());
				});
			}
			assertThat(gaps.stream().mapToLong(Long::longValue).max().orElse(0))
				.as("the longest gap between order's send and analytics' spans, microseconds (all: %s)", gaps)
				.isGreaterThanOrEqualTo(2_000_000);
		});
	}

	@Test
	@Order(8)
	void slowPaymentIsCutByOrdersTimeout() {
		withFault(Fault.PAYMENT_SLOW, () -> {
			Checkout checkout = checkout(1);
			assertThat(checkout.status()).as(checkout.summary()).isEqualTo(503);
			assertThat(checkout.took()).as("order gives up after 3 s").isLessThan(Duration.ofMillis(4500));
			awaitTrace(checkout, Duration.ofSeconds(30), (trace) -> {
				ZipkinSpan payment = only(trace.spans(PAYMENT, "SERVER"));
				ZipkinSpan call = trace.parentOf(payment);
				assertThat(call).as("order's CLIENT span calling payment").isNotNull();
				assertThat(call.service()).isEqualTo(ORDER);
				assertThat(call.durationMicros()).as("order's payment call, cut by the 3 s timeout")
					.isBetween(2_500_000L, 4_000_000L);
				assertThat(payment.durationMicros()).as("payment goes on for 5 s").isGreaterThan(4_500_000L);
			});
		});
	}

	@Test
	@Order(9)
	void paymentDownFailsThenOpensTheBreaker() {
		List<Checkout> checkouts = new ArrayList<>();
		withFault(Fault.PAYMENT_DOWN, () -> {
			for (int i = 0; i < CheckoutScript.BREAKER_CHECKOUTS + 2; i++) {
				Checkout checkout = checkout(1);
				checkouts.add(checkout);
				assertThat(checkout.status()).as(checkout.summary()).isEqualTo(503);
				assertThat(checkout.body()).contains("PAYMENT_UNAVAILABLE");
			}
		});
		awaitTrace(checkouts.get(0), TRACE_TIMEOUT, (trace) -> {
			assertThat(trace.spans(PAYMENT, "SERVER")).as("payment's SERVER span").isNotEmpty().allSatisfy((span) -> {
				assertThat(span.isError()).as("payment's span is an error").isTrue();
				assertThat(trace.parentOf(span)).as("parent of payment's span").isNotNull();
				assertThat(trace.parentOf(span).service()).isEqualTo(ORDER);
			});
			assertThat(only(trace.spans(GATEWAY, "SERVER")).isError()).as("the gateway's 503 is an error").isTrue();
		});
		Checkout last = checkouts.get(checkouts.size() - 1);
		awaitTrace(last, TRACE_TIMEOUT, EXPORT_DELAY, (trace) -> {
			assertThat(trace.spans(ORDER, "SERVER")).as("order's SERVER span").hasSize(1);
			assertThat(trace.spans(PAYMENT)).as("no payment span once the breaker is open").isEmpty();
		});
		assertThat(last.took()).as("with the breaker open the checkout fails at once").isLessThan(Duration.ofSeconds(2));
		// Leave the shop working: the breaker half-opens after 10 s and closes on successful calls.
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> checkout(1).status() == 201);
	}

	// ---------------------------------------------------------------------------------------------------------

	private static Checkout checkout(int lines) {
		CheckoutRequest request = new CheckoutRequest("c-e2e", "c-e2e@example.com", CheckoutScript.items(3, lines));
		return shop.client().checkout(0, request);
	}

	private static void withFault(Fault fault, Runnable scenario) {
		shop.setFault(fault, true);
		try {
			scenario.run();
		}
		finally {
			shop.setFault(fault, false);
		}
	}

	private static Trace awaitTrace(Checkout checkout, Duration timeout, Consumer<Trace> assertions) {
		return awaitTrace(checkout, timeout, Duration.ZERO, assertions);
	}

	/**
	 * Polls Zipkin until the checkout's trace passes the assertions (spans arrive in batches, asynchronously),
	 * and, for assertions that something is absent, until {@code settle} has passed since the checkout ended.
	 */
	private static Trace awaitTrace(Checkout checkout, Duration timeout, Duration settle, Consumer<Trace> assertions) {
		assertThat(checkout.traceId()).as("trace id of " + checkout.summary()).isNotNull();
		long settled = System.nanoTime() + settle.toNanos();
		AtomicReference<Trace> last = new AtomicReference<>(new Trace(checkout.traceId(), List.of()));
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				Trace trace = shop.zipkin().trace(checkout.traceId());
				last.set(trace);
				assertions.accept(trace);
				assertThat(System.nanoTime()).as("waiting %s for late spans", settle).isGreaterThanOrEqualTo(settled);
			});
		}
		catch (ConditionTimeoutException ex) {
			System.out.println("Trace of checkout " + checkout.summary() + " when the wait ended:");
			print(last.get());
			throw ex;
		}
		print(last.get());
		return last.get();
	}

	/**
	 * The edges of CONTRACT.md in one checkout's trace.
	 */
	private static void assertCheckoutTrace(Trace trace) {
		assertThat(trace.services()).as("services in " + trace)
			.contains(GATEWAY, ORDER, INVENTORY, PAYMENT, LOYALTY, NOTIFICATION, ANALYTICS);
		assertThat(trace.roots()).as("one root").hasSize(1);
		ZipkinSpan root = trace.roots().get(0);
		assertThat(root.service() + " " + root.kind()).as("the root span").isEqualTo(GATEWAY + " SERVER");

		ZipkinSpan order = only(trace.spans(ORDER, "SERVER"));
		assertCalledBy(trace, order, GATEWAY);
		assertCalledBy(trace, only(trace.spans(INVENTORY, "SERVER")), ORDER);
		assertCalledBy(trace, only(trace.spans(PAYMENT, "SERVER")), ORDER);

		ZipkinSpan producer = only(trace.spans(ORDER, "PRODUCER"));
		assertThat(trace.isBelow(producer, order)).as("order's send span under order's SERVER span").isTrue();
		for (String consumer : List.of(LOYALTY, NOTIFICATION)) {
			assertThat(trace.find((span) -> span.service().equals(consumer) && span.is("CONSUMER")
					&& trace.isBelow(span, producer)))
				.as(consumer + "'s CONSUMER span under order's PRODUCER span")
				.hasSize(1);
		}
		assertThat(trace.find((span) -> span.service().equals(ANALYTICS) && trace.isBelow(span, producer)))
			.as("analytics' span for this checkout's record, under order's PRODUCER span")
			.isNotEmpty();

		for (String service : List.of(ORDER, INVENTORY, PAYMENT, LOYALTY)) {
			assertThat(trace.find((span) -> span.service().equals(service) && span.is("CLIENT") && span.isDatabase()))
				.as(service + "'s JDBC CLIENT spans")
				.isNotEmpty();
		}
		ZipkinSpan listener = only(trace.spans(NOTIFICATION, "CONSUMER"));
		assertThat(trace.find((span) -> span.service().equals(NOTIFICATION) && !span.is("CONSUMER")
				&& trace.isBelow(span, listener)))
			.as("notification's @Async e-mail span under its listener")
			.isNotEmpty();
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
