package dev.tracewire.bench.macro.tools;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpSpanCounterTests {

	@Test
	void countsSpansRootsAndNamesAcrossResourcesAndScopes() {
		byte[] root = span(new byte[0], "GET /checkout", 2);
		byte[] child = span(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, "orders send", 4);
		byte[] scopeA = concat(field(1, bytes("scope-a")), field(2, root), field(2, child), field(3, bytes("schema")));
		byte[] scopeB = concat(field(2, child));
		byte[] resource = concat(field(1, field(1, bytes("attributes"))), field(2, scopeA), field(2, scopeB));
		byte[] request = concat(field(1, resource), field(1, concat(field(2, scopeB))));

		OtlpSpanCounter counter = new OtlpSpanCounter();
		assertThat(counter.count(request)).isEqualTo(4);
		assertThat(counter.spans()).isEqualTo(4);
		assertThat(counter.roots()).isEqualTo(1);
		assertThat(counter.names()).containsEntry("SERVER GET /checkout", 1L).containsEntry("PRODUCER orders send", 3L);
		assertThat(counter.malformed()).isZero();
	}

	@Test
	void skipsFixedWidthAndUnknownFields() {
		// start_time_unix_nano (fixed64, field 7), end time (field 8), dropped counts (varint, field 10).
		byte[] span = concat(field(1, new byte[16]), field(2, new byte[8]), field(5, bytes("work")),
				new byte[] { (7 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8 }, new byte[] { (10 << 3), (byte) 0x96, 0x01 },
				new byte[] { (11 << 3) | 5, 1, 2, 3, 4 });
		byte[] request = field(1, field(2, field(2, span)));
		OtlpSpanCounter counter = new OtlpSpanCounter();
		assertThat(counter.count(request)).isEqualTo(1);
		assertThat(counter.names()).containsEntry("UNSPECIFIED work", 1L);
	}

	@Test
	void countsATruncatedMessageAsMalformedAndNoSpans() {
		byte[] request = field(1, field(2, field(2, span(new byte[0], "x", 1))));
		byte[] truncated = java.util.Arrays.copyOf(request, request.length - 2);
		OtlpSpanCounter counter = new OtlpSpanCounter();
		assertThat(counter.count(truncated)).isEqualTo(-1);
		assertThat(counter.spans()).isZero();
		assertThat(counter.malformed()).isEqualTo(1);
	}

	@Test
	void countsAnEmptyRequestAsNoSpans() {
		OtlpSpanCounter counter = new OtlpSpanCounter();
		assertThat(counter.count(new byte[0])).isZero();
		assertThat(counter.requests()).isEqualTo(1);
	}

	private static byte[] span(byte[] parent, String name, int kind) {
		return concat(field(1, new byte[16]), field(2, new byte[8]), field(4, parent), field(5, bytes(name)),
				new byte[] { (6 << 3), (byte) kind });
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] field(int number, byte[] value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		varint(out, (number << 3) | 2);
		varint(out, value.length);
		out.writeBytes(value);
		return out.toByteArray();
	}

	private static void varint(ByteArrayOutputStream out, long value) {
		while ((value & ~0x7FL) != 0) {
			out.write((int) ((value & 0x7F) | 0x80));
			value >>>= 7;
		}
		out.write((int) value);
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
