package dev.tracewire.bench.macro.tools;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the spans of OTLP {@code ExportTraceServiceRequest} messages by walking the protobuf wire format, with
 * no generated classes: {@code resource_spans} (field 1) hold {@code scope_spans} (field 2) which hold
 * {@code spans} (field 2); a span whose {@code parent_span_id} (field 4) is empty is a root. Span names (field 5)
 * and kinds (field 6) are counted too, so that a report can say which spans a variant produces. Thread-safe.
 */
final class OtlpSpanCounter {

	private static final String[] KINDS = { "UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER",
			"CONSUMER" };

	private final LongAdder spans = new LongAdder();

	private final LongAdder roots = new LongAdder();

	private final LongAdder requests = new LongAdder();

	private final LongAdder bytes = new LongAdder();

	private final LongAdder malformed = new LongAdder();

	private final Map<String, LongAdder> names = new ConcurrentHashMap<>();

	/**
	 * Counts the spans of one request body.
	 * @param message an encoded {@code ExportTraceServiceRequest}
	 * @return the number of spans it held, or -1 when it was not valid protobuf (counted as malformed)
	 */
	long count(byte[] message) {
		this.requests.increment();
		this.bytes.add(message.length);
		try {
			Tally tally = new Tally();
			Reader request = new Reader(message, 0, message.length);
			while (request.hasMore()) {
				int tag = request.tag();
				if (tag == field(1, 2)) {
					Reader resourceSpans = request.embedded();
					while (resourceSpans.hasMore()) {
						int inner = resourceSpans.tag();
						if (inner == field(2, 2)) {
							countScopeSpans(resourceSpans.embedded(), tally);
						}
						else {
							resourceSpans.skip(inner);
						}
					}
				}
				else {
					request.skip(tag);
				}
			}
			this.spans.add(tally.spans);
			this.roots.add(tally.roots);
			tally.names.forEach((name, count) -> this.names.computeIfAbsent(name, (key) -> new LongAdder()).add(count));
			return tally.spans;
		}
		catch (RuntimeException ex) {
			this.malformed.increment();
			return -1;
		}
	}

	private void countScopeSpans(Reader scopeSpans, Tally tally) {
		while (scopeSpans.hasMore()) {
			int tag = scopeSpans.tag();
			if (tag == field(2, 2)) {
				countSpan(scopeSpans.embedded(), tally);
			}
			else {
				scopeSpans.skip(tag);
			}
		}
	}

	private void countSpan(Reader span, Tally tally) {
		boolean hasParent = false;
		String name = "";
		int kind = 0;
		while (span.hasMore()) {
			int tag = span.tag();
			if (tag == field(4, 2)) {
				hasParent |= span.embedded().length() > 0;
			}
			else if (tag == field(5, 2)) {
				Reader text = span.embedded();
				name = text.string();
			}
			else if (tag == field(6, 0)) {
				kind = (int) span.varint();
			}
			else {
				span.skip(tag);
			}
		}
		tally.spans++;
		if (!hasParent) {
			tally.roots++;
		}
		String key = ((kind >= 0 && kind < KINDS.length) ? KINDS[kind] : Integer.toString(kind)) + " " + name;
		tally.names.merge(key, 1L, Long::sum);
	}

	long spans() {
		return this.spans.sum();
	}

	long roots() {
		return this.roots.sum();
	}

	long requests() {
		return this.requests.sum();
	}

	long bytes() {
		return this.bytes.sum();
	}

	long malformed() {
		return this.malformed.sum();
	}

	Map<String, Long> names() {
		Map<String, Long> copy = new java.util.TreeMap<>();
		this.names.forEach((name, count) -> copy.put(name, count.sum()));
		return copy;
	}

	private static int field(int number, int wireType) {
		return (number << 3) | wireType;
	}

	private static final class Tally {

		long spans;

		long roots;

		final Map<String, Long> names = new java.util.HashMap<>();

	}

	/** A cursor over one length-delimited region of a protobuf message. */
	private static final class Reader {

		private final byte[] data;

		private final int end;

		private int position;

		Reader(byte[] data, int start, int end) {
			if (start < 0 || end > data.length || start > end) {
				throw new IllegalArgumentException("Truncated message");
			}
			this.data = data;
			this.position = start;
			this.end = end;
		}

		boolean hasMore() {
			return this.position < this.end;
		}

		int length() {
			return this.end - this.position;
		}

		int tag() {
			long tag = varint();
			if (tag <= 0 || tag > Integer.MAX_VALUE) {
				throw new IllegalArgumentException("Bad tag " + tag);
			}
			return (int) tag;
		}

		long varint() {
			long value = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				if (this.position >= this.end) {
					throw new IllegalArgumentException("Truncated varint");
				}
				byte b = this.data[this.position++];
				value |= (long) (b & 0x7f) << shift;
				if ((b & 0x80) == 0) {
					return value;
				}
			}
			throw new IllegalArgumentException("Varint too long");
		}

		Reader embedded() {
			long length = varint();
			if (length < 0 || length > this.end - this.position) {
				throw new IllegalArgumentException("Bad length " + length);
			}
			Reader inner = new Reader(this.data, this.position, this.position + (int) length);
			this.position += (int) length;
			return inner;
		}

		String string() {
			String value = new String(this.data, this.position, this.end - this.position, StandardCharsets.UTF_8);
			this.position = this.end;
			return value;
		}

		void skip(int tag) {
			switch (tag & 7) {
				case 0 -> varint();
				case 1 -> advance(8);
				case 2 -> embedded();
				case 5 -> advance(4);
				default -> throw new IllegalArgumentException("Unsupported wire type " + (tag & 7));
			}
		}

		private void advance(int count) {
			if (this.end - this.position < count) {
				throw new IllegalArgumentException("Truncated fixed field");
			}
			this.position += count;
		}

	}

}
