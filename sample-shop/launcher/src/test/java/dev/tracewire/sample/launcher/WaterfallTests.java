package dev.tracewire.sample.launcher;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaterfallTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final long T0 = 1_700_000_000_000_000L;

	private final Trace trace = new Trace(TRACE, List.of(
			span("a", null, "gateway", "SERVER", "http post /api/checkout", 0, 400_000, Map.of()),
			span("b", "a", "gateway", "CLIENT", "http post", 5_000, 390_000, Map.of()),
			span("c", "b", "order-service", "SERVER", "http post /orders", 10_000, 380_000, Map.of()),
			span("e", "c", "order-service", "PRODUCER", "shop.orders send", 300_000, 20_000, Map.of()),
			span("d", "c", "payment-service", "CLIENT", "SELECT charges", 20_000, 2_100_000 / 10,
					Map.of("db.system.name", "postgresql", "tracewire.jdbc.slow_query", "true")),
			span("f", "e", "notification-service", "CONSUMER", "shop.orders-dlt process", 330_000, 10_000,
					Map.of("messaging.kafka.dlt.exception.type", "java.lang.IllegalStateException", "error",
							"boom"))));

	@Test
	void drawsSpansInTreeOrderUnderTheirParents() {
		String text = Waterfall.render(this.trace, Terminal.plain(new PrintStream(System.out)));
		List<String> lines = text.lines().toList();
		assertThat(lines.get(0)).contains(TRACE).contains("4 services").contains("6 spans").contains("400 ms");
		assertThat(lines).filteredOn((line) -> line.contains("|")).extracting((line) -> line.substring(2, 22).strip())
			.containsExactly("gateway", "gateway", "order-service", "payment-service", "order-service",
					"notification-service");
		assertThat(text).contains("└─ http post /orders").contains("├─ SELECT charges").contains("└─ shop.orders send");
	}

	@Test
	void marksErrorsAndNotableSpans() {
		String text = Waterfall.render(this.trace, Terminal.plain(new PrintStream(System.out)));
		String dlt = line(text, "shop.orders-dlt");
		assertThat(dlt).startsWith("✗").contains("ERROR boom").contains("dead letter after IllegalStateException");
		assertThat(line(text, "SELECT charges")).startsWith("▲").contains("slow query");
		assertThat(line(text, "http post /api/checkout")).startsWith(" ");
	}

	@Test
	void scalesBarsToTheTrace() {
		String text = Waterfall.render(this.trace, Terminal.plain(new PrintStream(System.out)));
		String root = line(text, "http post /api/checkout");
		String bar = root.substring(root.indexOf('|') + 1, root.lastIndexOf('|'));
		assertThat(bar).doesNotContain("·");
		String send = line(text, "shop.orders send");
		String sendBar = send.substring(send.indexOf('|') + 1, send.lastIndexOf('|'));
		assertThat(sendBar.indexOf('█')).isGreaterThan(bar.length() * 7 / 10);
	}

	@Test
	void fallsBackToAsciiWithoutColours() {
		Terminal ascii = new Terminal(new PrintStream(System.out), false, false, false, 100);
		String text = Waterfall.render(this.trace, ascii);
		assertThat(text).doesNotContain("\u001B[").doesNotContain("█").doesNotContain("└");
		assertThat(line(text, "shop.orders-dlt")).startsWith("X");
		assertThat(text).contains("`- http post /orders");
	}

	@Test
	void paintsErrorsRedInAColourTerminal() {
		Terminal colour = new Terminal(new PrintStream(System.out), true, true, true, 120);
		String text = Waterfall.render(this.trace, colour);
		assertThat(line(text, "shop.orders-dlt")).startsWith("\u001B[31m");
	}

	@Test
	void namesRetryAttemptsApartFromTheDeadLetter() {
		ZipkinSpan retry = span("r", null, "notification-service", "CONSUMER", "shop.orders-retry process", 0, 1000,
				Map.of("messaging.destination.name", "shop.orders-retry", "messaging.kafka.delivery.attempt", "2",
						"messaging.kafka.dlt.exception.type", "java.lang.IllegalStateException"));
		assertThat(Waterfall.notes(retry)).containsExactly("attempt 2");
		ZipkinSpan forward = span("p", null, "notification-service", "PRODUCER", "shop.orders-dlt send", 0, 1000,
				Map.of("messaging.kafka.dlt.exception.type", "java.lang.IllegalStateException"));
		assertThat(Waterfall.notes(forward)).isEmpty();
	}

	@Test
	void namesTheStatusOfAnErrorWithoutMessage() {
		ZipkinSpan server = span("s", null, "gateway", "SERVER", "http post /api/checkout", 0, 1000,
				Map.of("error", "", "exception", "none", "status", "503"));
		assertThat(Waterfall.notes(server)).containsExactly("ERROR 503");
	}

	@Test
	void namesAnNPlusOneEvent() {
		ZipkinSpan listener = new ZipkinSpan(TRACE, "a", null, "CONSUMER", "shop.orders process", T0, 1000L,
				new ZipkinSpan.Endpoint("loyalty-service"), Map.of("tracewire.jdbc.n_plus_one", "true"),
				List.of(new ZipkinSpan.Annotation(T0,
						"\"jdbc.n_plus_one\":{\"db.query.text\":\"SELECT bonus FROM products WHERE sku = ?\","
								+ "\"tracewire.jdbc.executions\":5}")));
		assertThat(Waterfall.notes(listener)).containsExactly("N+1 queries: 5x SELECT bonus FROM products WHERE sku = ?");
	}

	private static String line(String text, String containing) {
		return text.lines().filter((line) -> line.contains(containing)).findFirst().orElseThrow();
	}

	static ZipkinSpan span(String id, String parent, String service, String kind, String name, long start,
			long duration, Map<String, String> tags) {
		return new ZipkinSpan(TRACE, id, parent, kind, name, T0 + start, duration, new ZipkinSpan.Endpoint(service),
				tags, List.of());
	}

}
