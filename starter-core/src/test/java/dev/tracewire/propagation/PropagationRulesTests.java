package dev.tracewire.propagation;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header rules on their own, where the corpus against real servers cannot reach (values a server would
 * refuse, exact truncation).
 */
class PropagationRulesTests {

	private static final String IDS = "4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7";

	@Test
	void traceparentIsNormalisedToVersion00WithDefinedFlagsOnly() {
		assertThat(TraceParent.normalize("00-" + IDS + "-01")).isEqualTo("00-" + IDS + "-01");
		assertThat(TraceParent.normalize("7f-" + IDS + "-ff-anything")).isEqualTo("00-" + IDS + "-03");
		assertThat(TraceParent.normalize("ff-" + IDS + "-01")).isNull();
		assertThat(TraceParent.normalize("00-" + IDS + "-01\r\n")).isEqualTo("00-" + IDS + "-01");
		assertThat(TraceParent.normalize("00-" + IDS + "-01\u0000")).isNull();
		assertThat(TraceParent.normalize(null)).isNull();
	}

	@Test
	void tracestateCutsLongMembersFirstThenFromTheEnd() {
		StringBuilder value = new StringBuilder("a=1,big=" + "x".repeat(150));
		for (int i = 10; i < 30; i++) {
			value.append(",s").append(i).append('=').append("y".repeat(26));
		}
		String truncated = TraceState.truncate(value.toString());
		assertThat(truncated.length()).isLessThanOrEqualTo(512).isGreaterThan(480);
		assertThat(truncated).doesNotContain("big=").startsWith("a=1,s10=").doesNotContain("s29=");
		assertThat(TraceState.truncate("a=1")).isEqualTo("a=1");
	}

	@Test
	void tracestateWithTooManyMembersIsDropped() {
		StringBuilder members = new StringBuilder();
		for (int i = 0; i < 32; i++) {
			members.append("k").append(i).append("=v,");
		}
		assertThat(TraceState.join(List.of(members.toString()))).isNotNull();
		assertThat(TraceState.join(List.of(members + "one=more"))).isNull();
	}

	@Test
	void baggageDropsBadMembersKeepsGoodOnesAndLocalFieldsStayHome() {
		assertThat(BaggageHeader.sanitize(List.of("a=1,crlf=%0D%0A,raw=x\ry", "b=%ZZ,c=3"))).isEqualTo("a=1,c=3");
		assertThat(BaggageHeader.sanitize(List.of("a=1,Secret=2"), java.util.Set.of("secret"))).isEqualTo("a=1");
		assertThat(BaggageHeader.sanitize(List.of(",,,"))).isNull();
	}

	@Test
	void b3SingleHeaderIsCheckedStrictly() {
		assertThat(B3Header.isValidSingle(IDS)).isTrue();
		assertThat(B3Header.isValidSingle(IDS + "-d-b7ad6b7169203331")).isTrue();
		assertThat(B3Header.isValidSingle("0")).isTrue();
		assertThat(B3Header.isValidSingle(IDS + "-x")).isFalse();
		assertThat(B3Header.isValidSingle(IDS + "-1-zz")).isFalse();
		assertThat(B3Header.isValidSingle("true")).isFalse();
	}

}
