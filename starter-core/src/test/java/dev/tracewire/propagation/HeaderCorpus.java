package dev.tracewire.propagation;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and edge-case trace headers ({@code traceparent}, {@code tracestate}, {@code baggage}, {@code b3},
 * {@code X-B3-*}) and the outcome each must have, per the rules in SPEC.md.
 */
final class HeaderCorpus {

	static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	static final String SPAN = "00f067aa0ba902b7";

	static final String VALID = "00-" + TRACE + "-" + SPAN + "-01";

	static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";

	static final String OTHER_SPAN = "b7ad6b7169203331";

	private HeaderCorpus() {
	}

	static List<HeaderCase> cases() {
		List<HeaderCase> cases = new ArrayList<>();
		traceparent(cases);
		flagsAndVersions(cases);
		tracestate(cases);
		baggage(cases);
		b3(cases);
		return cases;
	}

	private static void traceparent(List<HeaderCase> cases) {
		cases.add(HeaderCase.of("valid traceparent").header("traceparent", VALID).continues(TRACE, SPAN));
		cases.add(HeaderCase.of("no headers at all").restarts());
		cases.add(HeaderCase.of("surrounding whitespace").header("traceparent", "  " + VALID + " ").continues(TRACE, SPAN));
		String[] invalid = { "", " ", "00", "00-", "-", "---", VALID.toUpperCase(),
				"00-" + TRACE.toUpperCase() + "-" + SPAN + "-01", "00-" + TRACE + "-" + SPAN.toUpperCase() + "-01",
				"00-" + TRACE + "-" + SPAN + "-0A", "0A-" + TRACE + "-" + SPAN + "-01",
				"00-00000000000000000000000000000000-" + SPAN + "-01", "00-" + TRACE + "-0000000000000000-01",
				"ff-" + TRACE + "-" + SPAN + "-01", "00-" + TRACE + "-" + SPAN + "-01-extra",
				"00-" + TRACE + "-" + SPAN + "-01extra", "00-" + TRACE.substring(1) + "-" + SPAN + "-01",
				"00-" + TRACE + "0-" + SPAN + "-01", "00-" + TRACE + "-" + SPAN.substring(1) + "-01",
				"00-" + TRACE + "-" + SPAN + "0-01", "00-" + TRACE + "-" + SPAN + "-1", "00-" + TRACE + "-" + SPAN,
				"00-" + TRACE + "-" + SPAN + "-", "00_" + TRACE + "_" + SPAN + "_01",
				"00-" + TRACE + "--" + SPAN + "-01", "00-" + TRACE.replace('4', 'g') + "-" + SPAN + "-01",
				"00-" + TRACE + "-" + SPAN.replace('0', 'z') + "-01", "00-" + TRACE.replace('b', ' ') + "-" + SPAN + "-01",
				"00-" + TRACE + "-" + SPAN + "-0\u0000", "00-" + TRACE.replace('a', '\u00e9') + "-" + SPAN + "-01",
				"0-" + TRACE + "-" + SPAN + "-01", "000-" + TRACE + "-" + SPAN + "-01", "00 " + TRACE + " " + SPAN + " 01",
				"00-" + TRACE + "-" + SPAN + "-01;x=1", "traceparent", "null", "undefined", "{}",
				"00-" + TRACE + "-" + SPAN + "-01".repeat(2000), "%30%30-" + TRACE + "-" + SPAN + "-01",
				"00-0x" + TRACE.substring(2) + "-" + SPAN + "-01", "00-" + TRACE + "-" + SPAN + "-+1",
				"00-" + TRACE + "-" + SPAN + "--1" };
		for (int i = 0; i < invalid.length; i++) {
			String value = invalid[i];
			cases.add(HeaderCase.of("invalid traceparent #" + i + " [" + printable(value) + "]")
				.header("traceparent", value)
				.header("tracestate", "congo=t61rcWkgMzE")
				.outbound((outbound) -> assertThat(outbound.tracestate()).as("tracestate dropped with traceparent")
					.isEmpty())
				.restarts());
		}
		cases.add(HeaderCase.of("two different traceparent lines")
			.header("traceparent", VALID, "00-" + OTHER_TRACE + "-" + OTHER_SPAN + "-01")
			.restarts());
		cases.add(HeaderCase.of("the same traceparent twice").header("traceparent", VALID, VALID).restarts());
		cases.add(HeaderCase.of("valid and invalid traceparent lines").header("traceparent", "garbage", VALID).restarts());
		cases.add(HeaderCase.of("two traceparents in one line").header("traceparent", VALID + "," + VALID).restarts());
		cases.add(HeaderCase.of("header name in upper case").header("TRACEPARENT", VALID).continues(TRACE, SPAN));
		cases.add(HeaderCase.of("another valid traceparent")
			.header("traceparent", "00-" + OTHER_TRACE + "-" + OTHER_SPAN + "-01")
			.continues(OTHER_TRACE, OTHER_SPAN));
		cases.add(HeaderCase.of("traceparent with tracestate")
			.header("traceparent", VALID)
			.header("tracestate", "rojo=00f067aa0ba902b7")
			.outbound((outbound) -> assertThat(outbound.tracestate()).containsExactly("rojo=00f067aa0ba902b7"))
			.continues(TRACE, SPAN));
	}

	private static void flagsAndVersions(List<HeaderCase> cases) {
		cases.add(HeaderCase.of("flags 00: caller did not sample")
			.header("traceparent", "00-" + TRACE + "-" + SPAN + "-00")
			.continuesUnsampled(TRACE));
		cases.add(HeaderCase.of("flags 02: random only, not sampled")
			.header("traceparent", "00-" + TRACE + "-" + SPAN + "-02")
			.continuesUnsampled(TRACE));
		cases.add(HeaderCase.of("flags 03: sampled and random")
			.header("traceparent", "00-" + TRACE + "-" + SPAN + "-03")
			.outbound((outbound) -> assertThat(outbound.traceparent().get(0)).endsWith("-03"))
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("flags ff: reserved bits cleared on the way out")
			.header("traceparent", "00-" + TRACE + "-" + SPAN + "-ff")
			.outbound((outbound) -> assertThat(outbound.traceparent().get(0)).endsWith("-03"))
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("flags 09: sampled plus a reserved bit")
			.header("traceparent", "00-" + TRACE + "-" + SPAN + "-09")
			.outbound((outbound) -> assertThat(outbound.traceparent().get(0)).endsWith("-01"))
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("version 01 is read as 00")
			.header("traceparent", "01-" + TRACE + "-" + SPAN + "-01")
			.outbound((outbound) -> assertThat(outbound.traceparent().get(0)).startsWith("00-" + TRACE))
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("future version with extra fields")
			.header("traceparent", "cc-" + TRACE + "-" + SPAN + "-01-what-the-future-will-be-like")
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("future version with a field glued to the flags")
			.header("traceparent", "cc-" + TRACE + "-" + SPAN + "-01what")
			.restarts());
		cases.add(HeaderCase.of("future version unsampled")
			.header("traceparent", "02-" + TRACE + "-" + SPAN + "-00-x")
			.continuesUnsampled(TRACE));
	}

	private static void tracestate(List<HeaderCase> cases) {
		cases.add(HeaderCase.of("tracestate lines are joined")
			.header("traceparent", VALID)
			.header("tracestate", "rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE")
			.outbound((outbound) -> assertThat(String.join(",", outbound.tracestate()))
				.isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"))
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("empty tracestate")
			.header("traceparent", VALID)
			.header("tracestate", "")
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("tracestate with empty members")
			.header("traceparent", VALID)
			.header("tracestate", "a=1, ,,b=2")
			.outbound((outbound) -> assertThat(String.join(",", outbound.tracestate())).isEqualTo("a=1,b=2"))
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("multi-tenant tracestate key")
			.header("traceparent", VALID)
			.header("tracestate", "tenant@vendor=value")
			.outbound((outbound) -> assertThat(outbound.tracestate()).containsExactly("tenant@vendor=value"))
			.continues(TRACE, SPAN));
		String[] invalidTracestate = { "Upper=1", "a", "=1", "a=", "a=1=2", "a=1,b", "1a=x@", "a=x y=z",
				"a=\u00e9", "a=1,\u0000=2", "k".repeat(257) + "=1", "a=" + "v".repeat(257), "a=1;b=2", "a\tb=1",
				"@vendor=x", "tenant@=x", "tenant@" + "v".repeat(15) + "=x" };
		for (int i = 0; i < invalidTracestate.length; i++) {
			cases.add(HeaderCase.of("invalid tracestate #" + i + " [" + printable(invalidTracestate[i]) + "]")
				.header("traceparent", VALID)
				.header("tracestate", invalidTracestate[i])
				.outbound((outbound) -> assertThat(outbound.tracestate()).isEmpty())
				.continues(TRACE, SPAN));
		}
		StringBuilder many = new StringBuilder();
		for (int i = 0; i < 33; i++) {
			many.append((i > 0) ? "," : "").append("k").append(i).append("=v");
		}
		cases.add(HeaderCase.of("33 tracestate members")
			.header("traceparent", VALID)
			.header("tracestate", many.toString())
			.outbound((outbound) -> assertThat(outbound.tracestate()).isEmpty())
			.continues(TRACE, SPAN));
		StringBuilder longState = new StringBuilder("big=" + "x".repeat(200));
		for (int i = 0; i < 30; i++) {
			longState.append(",k").append(i).append("=").append("y".repeat(20));
		}
		cases.add(HeaderCase.of("long tracestate is cut to 512 characters, long members first")
			.header("traceparent", VALID)
			.header("tracestate", longState.toString())
			.outbound((outbound) -> {
				String sent = String.join(",", outbound.tracestate());
				assertThat(sent.length()).isLessThanOrEqualTo(512).isGreaterThan(400);
				assertThat(sent).doesNotContain("big=").startsWith("k0=");
			})
			.continues(TRACE, SPAN));
	}

	private static void baggage(List<HeaderCase> cases) {
		cases.add(HeaderCase.of("ordinary baggage travels")
			.header("traceparent", VALID)
			.header("baggage", "userId=alice,region=eu")
			.outbound((outbound) -> assertThat(String.join(",", outbound.baggage())).contains("userId=alice",
					"region=eu"))
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("baggage lines are one list")
			.header("traceparent", VALID)
			.header("baggage", "a=1", "b=2")
			.outbound((outbound) -> assertThat(String.join(",", outbound.baggage())).contains("a=1", "b=2"))
			.continues(TRACE, SPAN));
		String[] hostile = { "evil=%0D%0AX-Injected:%201", "nul=%00", "del=%7F", "tab=%09x", "lf=a%0Ab",
				"bad=%ZZ", "trunc=%E", "=novalue", "novalue=", ";;;", ",,,", "k=v;;p=%0D", "k e y=v", "k=v=w",
				"\u00e9=1", "k=\u00e9", "k=" + "v".repeat(9000), "a=1;prop", "a=1;prop=%0A", "%41=1" };
		for (int i = 0; i < hostile.length; i++) {
			cases.add(HeaderCase.of("hostile baggage #" + i + " [" + printable(hostile[i]) + "]")
				.header("traceparent", VALID)
				.header("baggage", hostile[i] + ",keep=me")
				.outbound((outbound) -> {
					String sent = String.join(",", outbound.baggage());
					assertThat(sent).doesNotContain("\r", "\n", "\u0000", "\u007f", "X-Injected:%201");
					assertThat(sent).contains("keep=me");
				})
				.continues(TRACE, SPAN));
		}
		StringBuilder members = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			members.append((i > 0) ? "," : "").append("m").append(i).append("=v");
		}
		cases.add(HeaderCase.of("100 baggage members: at most 64 read")
			.header("traceparent", VALID)
			.header("baggage", members.toString())
			.outbound((outbound) -> assertThat(String.join(",", outbound.baggage()).split(",").length)
				.isLessThanOrEqualTo(64))
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("baggage without traceparent").header("baggage", "a=1").restarts());
		cases.add(HeaderCase.of("percent-encoded baggage value travels encoded")
			.header("traceparent", VALID)
			.header("baggage", "note=hello%20world")
			.outbound((outbound) -> assertThat(String.join(",", outbound.baggage())).contains("note=hello%20world"))
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("baggage with properties")
			.header("traceparent", VALID)
			.header("baggage", "a=1;ttl=60;secure")
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("baggage of 9000 bytes in many members is cut whole")
			.header("traceparent", VALID)
			.header("baggage", ("k=" + "v".repeat(1000) + ",").repeat(9))
			.outbound((outbound) -> assertThat(String.join(",", outbound.baggage()).length())
				.isLessThanOrEqualTo(8192))
			.continues(TRACE, SPAN));
	}

	private static void b3(List<HeaderCase> cases) {
		String b3 = TRACE + "-" + SPAN;
		cases.add(HeaderCase.of("b3 sampled").header("b3", b3 + "-1").continues(TRACE, SPAN));
		cases.add(HeaderCase.of("b3 debug").header("b3", b3 + "-d").continues(TRACE, SPAN));
		cases.add(HeaderCase.of("b3 not sampled").header("b3", b3 + "-0").continuesUnsampled(TRACE));
		cases.add(HeaderCase.of("b3 with parent span id").header("b3", b3 + "-1-" + OTHER_SPAN).continues(TRACE, SPAN));
		cases.add(HeaderCase.of("b3 without sampling defers to our sampler").header("b3", b3).continues(TRACE, SPAN));
		cases.add(HeaderCase.of("b3: 0 alone denies").header("b3", "0").denies());
		cases.add(HeaderCase.of("b3: 1 alone carries no ids").header("b3", "1").restarts());
		cases.add(HeaderCase.of("b3 64-bit trace id is padded")
			.header("b3", TRACE.substring(16) + "-" + SPAN + "-1")
			.continues("0000000000000000" + TRACE.substring(16), SPAN));
		String[] invalidB3 = { "", "garbage", "-", "--", "d", "2", TRACE, TRACE + "-", "-" + SPAN, b3.toUpperCase() + "-1", TRACE + "-" + SPAN.substring(1) + "-1",
				"0000000000000000-" + SPAN + "-1", TRACE + "-0000000000000000-1", TRACE + "-" + SPAN + "-x",
				TRACE + "-" + SPAN + "-1-zz" };
		for (int i = 0; i < invalidB3.length; i++) {
			cases.add(HeaderCase.of("invalid b3 #" + i + " [" + printable(invalidB3[i]) + "]")
				.header("b3", invalidB3[i])
				.restarts());
		}
		cases.add(HeaderCase.of("B3 multi sampled")
			.header("X-B3-TraceId", TRACE)
			.header("X-B3-SpanId", SPAN)
			.header("X-B3-Sampled", "1")
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("B3 multi without sampling defers to our sampler")
			.header("X-B3-TraceId", TRACE)
			.header("X-B3-SpanId", SPAN)
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("B3 multi not sampled")
			.header("X-B3-TraceId", TRACE)
			.header("X-B3-SpanId", SPAN)
			.header("X-B3-Sampled", "0")
			.continuesUnsampled(TRACE));
		cases.add(HeaderCase.of("B3 multi debug flag")
			.header("X-B3-TraceId", TRACE)
			.header("X-B3-SpanId", SPAN)
			.header("X-B3-Flags", "1")
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("X-B3-Sampled: 0 alone denies").header("X-B3-Sampled", "0").denies());
		cases.add(HeaderCase.of("X-B3-Sampled: true").header("X-B3-TraceId", TRACE).header("X-B3-SpanId", SPAN)
			.header("X-B3-Sampled", "true").continues(TRACE, SPAN));
		cases.add(HeaderCase.of("B3 multi 64-bit trace id").header("X-B3-TraceId", TRACE.substring(16))
			.header("X-B3-SpanId", SPAN).header("X-B3-Sampled", "1")
			.continues("0000000000000000" + TRACE.substring(16), SPAN));
		cases.add(HeaderCase.of("B3 multi garbage trace id").header("X-B3-TraceId", "xyz").header("X-B3-SpanId", SPAN)
			.header("X-B3-Sampled", "1").restarts());
		cases.add(HeaderCase.of("B3 multi with parent span id").header("X-B3-TraceId", TRACE).header("X-B3-SpanId", SPAN)
			.header("X-B3-ParentSpanId", OTHER_SPAN).header("X-B3-Sampled", "1").continues(TRACE, SPAN));
		cases.add(HeaderCase.of("B3 multi: first value wins")
			.header("X-B3-TraceId", TRACE, OTHER_TRACE)
			.header("X-B3-SpanId", SPAN, OTHER_SPAN)
			.header("X-B3-Sampled", "1")
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("B3 multi missing span id").header("X-B3-TraceId", TRACE).header("X-B3-Sampled", "1").restarts());
		cases.add(HeaderCase.of("b3 single wins over multi")
			.header("b3", b3 + "-1")
			.header("X-B3-TraceId", OTHER_TRACE)
			.header("X-B3-SpanId", OTHER_SPAN)
			.header("X-B3-Sampled", "1")
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("W3C wins over b3")
			.header("traceparent", "00-" + OTHER_TRACE + "-" + OTHER_SPAN + "-01")
			.header("b3", b3 + "-1")
			.continues(OTHER_TRACE, OTHER_SPAN));
		cases.add(HeaderCase.of("W3C wins over a b3 deny")
			.header("traceparent", VALID)
			.header("b3", "0")
			.continues(TRACE, SPAN));
		cases.add(HeaderCase.of("invalid traceparent, valid b3: B3 continues")
			.header("traceparent", "garbage")
			.header("b3", b3 + "-1")
			.continues(TRACE, SPAN));
	}

	private static String printable(String value) {
		StringBuilder result = new StringBuilder();
		String shortened = (value.length() > 40) ? value.substring(0, 40) + "...(" + value.length() + ")" : value;
		for (char c : shortened.toCharArray()) {
			result.append((c < 0x20 || c == 0x7f) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
		}
		return result.toString();
	}

}
