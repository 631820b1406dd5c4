package dev.tracewire.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The propagation rules of SPEC.md applied to Kafka headers, without a broker.
 */
class KafkaTraceHeadersTests {

	private static final String VALID = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	@Test
	void leavesValidHeadersUntouched() {
		Headers headers = headers("traceparent", VALID, "tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7",
				"baggage", "userId=alice,serverNode=DF%2028;prop=1");
		assertThat(KafkaTraceHeaders.sanitize(headers)).isFalse();
		assertThat(values(headers, "traceparent")).containsExactly(VALID);
		assertThat(values(headers, "tracestate")).containsExactly("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
		assertThat(values(headers, "baggage")).containsExactly("userId=alice,serverNode=DF%2028;prop=1");
	}

	@Test
	void duplicatedTraceparentStartsANewTraceAndDropsTracestate() {
		Headers headers = headers("traceparent", VALID, "traceparent",
				"00-11111111111111111111111111111111-2222222222222222-01", "tracestate", "congo=t61rcWkgMzE");
		assertThat(KafkaTraceHeaders.sanitize(headers)).isTrue();
		assertThat(headers.lastHeader("traceparent")).isNull();
		assertThat(headers.lastHeader("tracestate")).isNull();
	}

	@Test
	void invalidTraceparentIsRemovedWithItsTracestate() {
		for (String invalid : List.of("00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01",
				"00-00000000000000000000000000000000-b7ad6b7169203331-01",
				"00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
				"ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", VALID + "-extra", VALID.substring(0, 54),
				"00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01", "cc-" + VALID.substring(3) + "x",
				"0x-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "")) {
			Headers headers = headers("traceparent", invalid, "tracestate", "congo=t61rcWkgMzE");
			KafkaTraceHeaders.sanitize(headers);
			assertThat(headers.lastHeader("traceparent")).as(invalid).isNull();
			assertThat(headers.lastHeader("tracestate")).as(invalid).isNull();
		}
	}

	@Test
	void nullAndOversizedTraceparentAreRemoved() {
		Headers headers = new RecordHeaders();
		headers.add("traceparent", null);
		KafkaTraceHeaders.sanitize(headers);
		assertThat(headers.lastHeader("traceparent")).isNull();
		headers = headers("traceparent", "cc-" + VALID.substring(3) + "-" + "a".repeat(600));
		KafkaTraceHeaders.sanitize(headers);
		assertThat(headers.lastHeader("traceparent")).isNull();
	}

	@Test
	void higherVersionIsReadAsVersionZeroWithReservedFlagsCleared() {
		Headers headers = headers("traceparent", "cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-ff-what-ever");
		assertThat(KafkaTraceHeaders.sanitize(headers)).isTrue();
		assertThat(values(headers, "traceparent"))
			.containsExactly("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03");
	}

	@Test
	void orphanTracestateIsRemoved() {
		Headers headers = headers("tracestate", "congo=t61rcWkgMzE");
		assertThat(KafkaTraceHeaders.sanitize(headers)).isTrue();
		assertThat(headers.lastHeader("tracestate")).isNull();
	}

	@Test
	void severalTracestateLinesAreOneList() {
		Headers headers = headers("traceparent", VALID, "tracestate", "congo=t61rcWkgMzE", "tracestate",
				"rojo=00f067aa0ba902b7");
		KafkaTraceHeaders.sanitize(headers);
		assertThat(values(headers, "tracestate")).containsExactly("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
	}

	@Test
	void invalidAndDuplicateTracestateMembersAreDropped() {
		Headers headers = headers("traceparent", VALID, "tracestate",
				"congo=t61rcWkgMzE, ,UPPER=x,congo=again,novalue=,bad key=1,tenant@vendor=ok,x=has\u0001ctl");
		KafkaTraceHeaders.sanitize(headers);
		assertThat(values(headers, "tracestate")).containsExactly("congo=t61rcWkgMzE,tenant@vendor=ok");
	}

	@Test
	void tracestateKeepsAtMost32MembersAnd512CharactersDroppingLongMembersFirst() {
		List<String> members = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			members.add("k" + i + "=v" + i);
		}
		Headers headers = headers("traceparent", VALID, "tracestate", String.join(",", members));
		KafkaTraceHeaders.sanitize(headers);
		assertThat(values(headers, "tracestate").get(0).split(",")).hasSize(32);

		String longMember = "long=" + "x".repeat(200);
		List<String> many = new ArrayList<>(List.of(longMember));
		for (int i = 0; i < 20; i++) {
			many.add("key" + i + "=" + "v".repeat(15));
		}
		headers = headers("traceparent", VALID, "tracestate", String.join(",", many));
		KafkaTraceHeaders.sanitize(headers);
		String kept = values(headers, "tracestate").get(0);
		assertThat(kept.length()).isLessThanOrEqualTo(512);
		assertThat(kept).doesNotContain("long=").startsWith("key0=");
		assertThat(kept.split(",")).allMatch((member) -> member.matches("key\\d+=v{15}"));
	}

	@Test
	void baggageLinesAreJoinedAndHostileMembersDropped() {
		Headers headers = headers("baggage", "userId=alice", "baggage",
				"crlf=evil%0D%0AX-Injected:%201,nul=%00,del=%7F,badescape=%G1,cut=%4,"
						+ "utf8=caf%C3%A9,badutf8=%C3%28,bad key=1,quote=a\"b,ok=1;prop=p;flag");
		KafkaTraceHeaders.sanitize(headers);
		assertThat(values(headers, "baggage")).containsExactly("userId=alice,utf8=caf%C3%A9,ok=1;prop=p;flag");
	}

	@Test
	void baggageKeepsAtMost64MembersAnd8192BytesWholeMembersOnly() {
		List<String> members = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			members.add("k" + i + "=v");
		}
		Headers headers = headers("baggage", String.join(",", members));
		KafkaTraceHeaders.sanitize(headers);
		assertThat(values(headers, "baggage").get(0).split(",")).hasSize(64);

		List<String> big = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			big.add("k" + i + "=" + "v".repeat(400));
		}
		headers = headers("baggage", String.join(",", big));
		KafkaTraceHeaders.sanitize(headers);
		String kept = values(headers, "baggage").get(0);
		assertThat(kept.length()).isLessThanOrEqualTo(8192);
		assertThat(kept.split(",")).allMatch((member) -> member.matches("k\\d+=v{400}"));
	}

	@Test
	void baggageWithNothingValidIsRemoved() {
		Headers headers = headers("baggage", "=,;,%%%,\u0000");
		KafkaTraceHeaders.sanitize(headers);
		assertThat(headers.lastHeader("baggage")).isNull();
	}

	@Test
	void firstB3ValueWinsAndGarbageIsRemoved() {
		Headers headers = headers("X-B3-TraceId", "463ac35c9f6413ad", "X-B3-TraceId", "ffffffffffffffff", "b3",
				"bad\nvalue");
		KafkaTraceHeaders.sanitize(headers);
		assertThat(values(headers, "X-B3-TraceId")).containsExactly("463ac35c9f6413ad");
		assertThat(headers.lastHeader("b3")).isNull();
	}

	@Test
	void leavesOtherHeadersAlone() {
		Headers headers = headers("traceparent", VALID, "traceparent", VALID, "app-header", "secret\r\n",
				"app-header", "twice");
		KafkaTraceHeaders.sanitize(headers);
		assertThat(values(headers, "app-header")).containsExactly("secret\r\n", "twice");
	}

	private static Headers headers(String... keysAndValues) {
		Headers headers = new RecordHeaders();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			headers.add(keysAndValues[i], keysAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
		}
		return headers;
	}

	private static List<String> values(Headers headers, String key) {
		List<String> values = new ArrayList<>();
		for (Header header : headers.headers(key)) {
			values.add(new String(header.value(), StandardCharsets.UTF_8));
		}
		return values;
	}

}
