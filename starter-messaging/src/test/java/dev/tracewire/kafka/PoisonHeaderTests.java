package dev.tracewire.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.tracewire.kafka.KafkaTestApplication.Captured;
import dev.tracewire.kafka.KafkaTestApplication.Received;
import dev.tracewire.test.TestSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static dev.tracewire.kafka.KafkaTestApplication.POISON;
import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Headers are bytes from anyone: a corpus of malformed, duplicated, oversized and hostile trace headers, each
 * sent raw to a listener that re-publishes what it received. Every record must be processed without error,
 * continue a valid trace or start a new one, and leave only one valid {@code traceparent} and sanitized baggage on
 * what it sends on.
 */
@KafkaTracingTest
class PoisonHeaderTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String PARENT_ID = "b7ad6b7169203331";

	private static final String VALID = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

	private static @Nullable Producer<String, String> producer;

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	TestSpans spans;

	@Autowired
	Captured captured;

	static Stream<PoisonCase> corpus() {
		return Stream.of(
				continues("valid traceparent", "traceparent", VALID),
				continues("valid traceparent and tracestate", "traceparent", VALID, "tracestate", "congo=t61rcWkgMzE"),
				startsNew("upper-case hex", "traceparent", VALID.toUpperCase()),
				startsNew("all-zero trace id", "traceparent", "00-" + "0".repeat(32) + "-" + PARENT_ID + "-01"),
				startsNew("all-zero parent id", "traceparent", "00-" + TRACE_ID + "-" + "0".repeat(16) + "-01"),
				startsNew("version ff", "traceparent", "ff" + VALID.substring(2)),
				startsNew("version 00 with trailing data", "traceparent", VALID + "-00"),
				startsNew("truncated", "traceparent", VALID.substring(0, 40)),
				startsNew("empty value", "traceparent", ""),
				startsNew("null value", "traceparent", null),
				startsNew("binary garbage", bytes("traceparent", new byte[] { (byte) 0xff, (byte) 0xfe, 0, 1, 2 })),
				startsNew("CR LF inside", "traceparent", VALID.substring(0, 20) + "\r\n" + VALID.substring(22)),
				startsNew("10 kB traceparent", "traceparent", "cc-" + VALID.substring(3) + "-" + "a".repeat(10_000)),
				startsNew("two different traceparents", "traceparent", VALID, "traceparent",
						"00-11111111111111111111111111111111-2222222222222222-01"),
				startsNew("the same traceparent twice", "traceparent", VALID, "traceparent", VALID),
				startsNew("fifty traceparents", IntStream.range(0, 50).mapToObj((i) -> "traceparent=" + VALID)
					.toArray(String[]::new)),
				continues("higher version with extra fields", "traceparent", "cc-" + VALID.substring(3) + "-what-ever"),
				startsNew("higher version without a dash after the flags", "traceparent", "cc-" + VALID.substring(3) + "x"),
				startsNew("wrong separators", "traceparent", VALID.replace('-', '_')),
				startsNew("surrounding spaces", "traceparent", " " + VALID + " "),
				startsNew("non-ASCII digits", "traceparent", VALID.replace('1', '\u0661')),
				startsNew("capitalised header name", "Traceparent", VALID),
				continues("hostile tracestate members", "traceparent", VALID, "tracestate",
						"a=1,\u0000=bad,,x=,UPPER=1,k=v\r\nInjected: yes"),
				continues("a hundred tracestate members", "traceparent", VALID, "tracestate",
						IntStream.range(0, 100).mapToObj((i) -> "k" + i + "=v" + i).collect(Collectors.joining(","))),
				continues("10 kB tracestate", "traceparent", VALID, "tracestate", "big=" + "x".repeat(10_000)),
				continues("three tracestate lines", "traceparent", VALID, "tracestate", "a=1", "tracestate", "b=2",
						"tracestate", "c=3"),
				startsNew("tracestate without traceparent", "tracestate", "congo=t61rcWkgMzE"),
				continues("baggage with CR LF", "traceparent", VALID, "baggage", "evil=x%0D%0AInjected:%201,ok=1")
					.expectBaggage(Map.of("ok", "1")),
				continues("baggage with NUL and DEL", "traceparent", VALID, "baggage", "nul=%00,del=%7F,ok=1")
					.expectBaggage(Map.of("ok", "1")),
				continues("a thousand baggage members", "traceparent", VALID, "baggage",
						IntStream.range(0, 1000).mapToObj((i) -> "k" + i + "=v").collect(Collectors.joining(","))),
				continues("100 kB baggage", "traceparent", VALID, "baggage", "big=" + "x".repeat(100_000)),
				continues("baggage with bad percent-encoding", "traceparent", VALID, "baggage", "a=%G1,b=%4,ok=1")
					.expectBaggage(Map.of("ok", "1")),
				continues("baggage with invalid UTF-8", "traceparent", VALID, "baggage", "a=%C3%28,ok=1")
					.expectBaggage(Map.of("ok", "1")),
				continues("two baggage lines", "traceparent", VALID, "baggage", "first=1", "baggage", "second=2")
					.expectBaggage(Map.of("first", "1", "second", "2")),
				startsNew("B3 garbage only", "b3", "not\na\nb3"),
				continues("duplicated B3 headers, the first wins", "X-B3-TraceId", "463ac35c9f6413ad",
						"X-B3-TraceId", "ffffffffffffffff", "X-B3-SpanId", "a2fb4a1d1a96d312", "X-B3-SpanId", "zz")
					.continuing("0000000000000000463ac35c9f6413ad", "a2fb4a1d1a96d312"),
				continues("a thousand unrelated headers", Stream.concat(Stream.of("traceparent=" + VALID),
						IntStream.range(0, 1000).mapToObj((i) -> "h" + i + "=v"))
					.toArray(String[]::new)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void poisonHeadersNeverBreakConsumption(PoisonCase poison) throws Exception {
		RecordMetadata sent = producer().send(poison.record()).get(10, TimeUnit.SECONDS);
		Received received = this.captured.awaitReceived(POISON, 1, (record) -> record.offset() == sent.offset()).get(0);
		SpanData consumer;
		try {
			consumer = await().atMost(20, TimeUnit.SECONDS).until(() -> consumerSpan(sent.offset()),
					(span) -> span != null);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("No consumer span for offset " + sent.offset() + "; listener saw trace "
					+ received.traceId() + ", spans: " + Traces.describe(this.spans.finished()), ex);
		}

		assertThat(consumer).hasStatus(StatusCode.UNSET);
		assertThat(received.traceId()).isEqualTo(consumer.getTraceId());
		if (poison.continues()) {
			assertThat(consumer).hasTraceId(poison.traceId());
			assertThat(consumer.getParentSpanId()).isEqualTo(poison.parentId());
		}
		else {
			assertThat(consumer).isRoot();
			assertThat(consumer.getTraceId()).isNotIn(TRACE_ID, "11111111111111111111111111111111");
		}
		assertThat(received.baggage()).containsAllEntriesOf(poison.expectedBaggage());
		assertThat(received.baggage()).hasSizeLessThanOrEqualTo(64)
			.allSatisfy((key, value) -> assertThat(value.chars()).noneMatch(Character::isISOControl));

		List<Header> echo = await().atMost(10, TimeUnit.SECONDS).until(() -> this.captured.echoes.get(sent.offset()),
				(headers) -> headers != null);
		assertThat(values(echo, "traceparent")).singleElement()
			.asString()
			.startsWith("00-" + consumer.getTraceId() + "-");
		for (String baggage : values(echo, "baggage")) {
			assertThat(baggage.length()).isLessThanOrEqualTo(8192);
			assertThat(baggage.split(",")).hasSizeLessThanOrEqualTo(64);
			assertThat(baggage.chars()).allMatch((c) -> c > 0x20 && c < 0x7f);
		}
	}

	@AfterAll
	static void closeProducer() {
		if (producer != null) {
			producer.close();
			producer = null;
		}
	}

	private @Nullable SpanData consumerSpan(long offset) {
		return this.spans.finished()
			.stream()
			.filter((span) -> span.getName().equals(POISON + " process") && span.getKind() == SpanKind.CONSUMER
					&& Traces.attribute(span, "messaging.kafka.offset").equals(Long.toString(offset)))
			.findFirst()
			.orElse(null);
	}

	private Producer<String, String> producer() {
		if (producer == null) {
			Map<String, Object> properties = KafkaTestUtils.producerProps(this.broker);
			producer = new DefaultKafkaProducerFactory<>(properties, new StringSerializer(), new StringSerializer())
				.createProducer();
		}
		return producer;
	}

	private static List<String> values(List<Header> headers, String key) {
		return headers.stream()
			.filter((header) -> header.key().equals(key))
			.map((header) -> new String(header.value(), StandardCharsets.ISO_8859_1))
			.toList();
	}

	private static PoisonCase continues(String name, String... headers) {
		return new PoisonCase(name, true, parse(headers), Map.of(), TRACE_ID, PARENT_ID);
	}

	private static PoisonCase startsNew(String name, String... headers) {
		return new PoisonCase(name, false, parse(headers), Map.of(), "", "");
	}

	private static PoisonCase startsNew(String name, RawHeader header) {
		return new PoisonCase(name, false, List.of(header), Map.of(), "", "");
	}

	private static RawHeader bytes(String key, byte[] value) {
		return new RawHeader(key, value);
	}

	// Either alternating keys and values, or "key=value" entries.
	private static List<RawHeader> parse(String... headers) {
		List<RawHeader> parsed = new ArrayList<>();
		if (headers.length > 0 && headers[0] != null && headers[0].contains("=") && !headers[0].startsWith("00-")) {
			for (String entry : headers) {
				int equals = entry.indexOf('=');
				parsed.add(new RawHeader(entry.substring(0, equals),
						entry.substring(equals + 1).getBytes(StandardCharsets.UTF_8)));
			}
			return parsed;
		}
		for (int i = 0; i < headers.length; i += 2) {
			String value = headers[i + 1];
			parsed.add(new RawHeader(headers[i], (value != null) ? value.getBytes(StandardCharsets.UTF_8) : null));
		}
		return parsed;
	}

	record RawHeader(String key, byte @Nullable [] value) {
	}

	record PoisonCase(String name, boolean continues, List<RawHeader> headers, Map<String, String> expectedBaggage,
			String traceId, String parentId) {

		PoisonCase expectBaggage(Map<String, String> baggage) {
			return new PoisonCase(this.name, this.continues, this.headers, baggage, this.traceId, this.parentId);
		}

		PoisonCase continuing(String expectedTraceId, String expectedParentId) {
			return new PoisonCase(this.name, true, this.headers, this.expectedBaggage, expectedTraceId,
					expectedParentId);
		}

		ProducerRecord<String, String> record() {
			ProducerRecord<String, String> record = new ProducerRecord<>(POISON, "poison");
			for (RawHeader header : this.headers) {
				record.headers().add(header.key(), header.value());
			}
			return record;
		}

		@Override
		public String toString() {
			return this.name + " " + Arrays.toString(this.headers.stream().map(RawHeader::key).distinct().toArray());
		}

	}

}
