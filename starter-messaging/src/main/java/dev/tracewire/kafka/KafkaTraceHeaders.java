package dev.tracewire.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.tracewire.propagation.TraceState;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Brings the trace headers of a Kafka record in line with Tracewire's propagation rules before anything reads
 * them: headers are bytes from anyone, and Kafka allows several headers with the same key.
 * <ul>
 * <li>{@code traceparent}: more than one, or an invalid one (bad hex, all-zero ids, version {@code ff}, version
 * {@code 00} with trailing data, longer than 512 bytes) is removed together with every {@code tracestate}, so that
 * the record starts a new trace. A valid higher version is rewritten as version {@code 00}.</li>
 * <li>{@code tracestate}: all lines are one list; invalid members and duplicate keys are dropped, at most 32
 * members and 512 characters are kept (members longer than 128 characters go first), whole members only.</li>
 * <li>{@code baggage}: all lines are one list; members with an invalid key, value or property, a bad percent
 * escape, or a value that decodes to control characters are dropped; at most 64 members and 8192 bytes are kept,
 * whole members only.</li>
 * <li>B3 headers: the first value of each wins; oversized or non-printable values are removed.</li>
 * </ul>
 * Headers that already follow the rules are left untouched. Work per record is bounded by the size limits above,
 * whatever the input.
 */
public final class KafkaTraceHeaders {

	/**
	 * W3C trace context header.
	 */
	public static final String TRACEPARENT = "traceparent";

	/**
	 * W3C trace state header.
	 */
	public static final String TRACESTATE = "tracestate";

	/**
	 * W3C baggage header.
	 */
	public static final String BAGGAGE = "baggage";

	static final int MAX_TRACEPARENT_BYTES = 512;

	static final int MAX_TRACESTATE_INPUT_BYTES = 8192;

	static final int MAX_TRACESTATE_MEMBERS = 32;

	static final int MAX_BAGGAGE_BYTES = 8192;

	static final int MAX_BAGGAGE_MEMBERS = 64;

	static final int MAX_B3_BYTES = 512;

	private static final int TRACEPARENT_LENGTH = 55;

	private static final List<String> B3_HEADERS = List.of("b3", "X-B3-TraceId", "X-B3-SpanId", "X-B3-ParentSpanId",
			"X-B3-Sampled", "X-B3-Flags");

	private static final String TCHARS = "!#$%&'*+-.^_`|~";

	private KafkaTraceHeaders() {
	}

	/**
	 * Rewrites the trace headers of one record in place.
	 * @param headers the record's headers (must not be read-only)
	 * @return whether anything changed
	 */
	public static boolean sanitize(Headers headers) {
		boolean changed = sanitizeTraceContext(headers);
		changed |= sanitizeBaggage(headers);
		changed |= sanitizeB3(headers);
		return changed;
	}

	private static boolean sanitizeTraceContext(Headers headers) {
		List<byte @Nullable []> traceparents = values(headers, TRACEPARENT);
		if (traceparents.size() != 1) {
			// None (an orphan tracestate means nothing) or duplicates (ambiguous: start a new trace).
			return remove(headers, TRACEPARENT) | remove(headers, TRACESTATE);
		}
		byte[] original = traceparents.get(0);
		String normalized = normalizeTraceparent(original);
		if (normalized == null) {
			return remove(headers, TRACEPARENT) | remove(headers, TRACESTATE);
		}
		boolean changed = false;
		if (!normalized.equals(ascii(original))) {
			replace(headers, TRACEPARENT, normalized);
			changed = true;
		}
		return changed | sanitizeTracestate(headers);
	}

	/**
	 * Returns the traceparent to use, or {@code null} when it is invalid.
	 */
	static @Nullable String normalizeTraceparent(byte @Nullable [] value) {
		if (value == null || value.length < TRACEPARENT_LENGTH || value.length > MAX_TRACEPARENT_BYTES) {
			return null;
		}
		String head = new String(value, 0, TRACEPARENT_LENGTH, StandardCharsets.ISO_8859_1);
		String version = head.substring(0, 2);
		String traceId = head.substring(3, 35);
		String parentId = head.substring(36, 52);
		String flags = head.substring(53, 55);
		boolean wellFormed = isLowerHex(version) && !"ff".equals(version) && head.charAt(2) == '-'
				&& head.charAt(35) == '-' && head.charAt(52) == '-' && isLowerHex(traceId) && !isAllZero(traceId)
				&& isLowerHex(parentId) && !isAllZero(parentId) && isLowerHex(flags);
		if (!wellFormed) {
			return null;
		}
		if ("00".equals(version)) {
			return (value.length == TRACEPARENT_LENGTH) ? head : null;
		}
		if (value.length > TRACEPARENT_LENGTH && value[TRACEPARENT_LENGTH] != '-') {
			return null;
		}
		// A future version: keep the four known fields, re-emit as version 00 with the reserved flag bits zeroed.
		int knownFlags = Integer.parseInt(flags, 16) & 0x03;
		return "00-" + traceId + "-" + parentId + "-0" + knownFlags;
	}

	private static boolean sanitizeTracestate(Headers headers) {
		List<byte @Nullable []> lines = values(headers, TRACESTATE);
		if (lines.isEmpty()) {
			return false;
		}
		List<String> members = new ArrayList<>();
		Set<String> keys = new HashSet<>();
		int budget = MAX_TRACESTATE_INPUT_BYTES;
		for (byte[] line : lines) {
			if (line == null || budget <= 0) {
				continue;
			}
			String bounded = completeMembers(line, budget);
			budget -= line.length;
			for (String member : bounded.split(",", -1)) {
				String trimmed = trimOws(member);
				if (members.size() < MAX_TRACESTATE_MEMBERS && isValidTracestateMember(trimmed)
						&& keys.add(trimmed.substring(0, trimmed.indexOf('=')))) {
					members.add(trimmed);
				}
			}
		}
		// Validated members hold no comma, so core's cut of the joined list works member by member.
		String joined = TraceState.truncate(String.join(",", members));
		if (lines.size() == 1 && lines.get(0) != null && joined.equals(ascii(lines.get(0)))) {
			return false;
		}
		if (joined.isEmpty()) {
			return remove(headers, TRACESTATE);
		}
		replace(headers, TRACESTATE, joined);
		return true;
	}



	static boolean isValidTracestateMember(String member) {
		int equals = member.indexOf('=');
		if (equals < 1) {
			return false;
		}
		String key = member.substring(0, equals);
		String value = member.substring(equals + 1);
		if (key.length() > 256 || !isLowerAlphaOrDigit(key.charAt(0))) {
			return false;
		}
		for (int i = 1; i < key.length(); i++) {
			char c = key.charAt(i);
			if (!isLowerAlphaOrDigit(c) && "_-*/@".indexOf(c) < 0) {
				return false;
			}
		}
		if (value.isEmpty() || value.length() > 256 || value.charAt(value.length() - 1) == ' ') {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
				return false;
			}
		}
		return true;
	}

	private static boolean sanitizeBaggage(Headers headers) {
		List<byte @Nullable []> lines = values(headers, BAGGAGE);
		if (lines.isEmpty()) {
			return false;
		}
		List<String> members = new ArrayList<>();
		int bytes = 0;
		boolean full = false;
		for (byte[] line : lines) {
			if (line == null || full) {
				continue;
			}
			for (String member : completeMembers(line, MAX_BAGGAGE_BYTES).split(",", -1)) {
				String trimmed = trimOws(member);
				if (trimmed.isEmpty() || !isValidBaggageMember(trimmed)) {
					continue;
				}
				int added = trimmed.length() + (members.isEmpty() ? 0 : 1);
				if (members.size() == MAX_BAGGAGE_MEMBERS || bytes + added > MAX_BAGGAGE_BYTES) {
					full = true;
					break;
				}
				members.add(trimmed);
				bytes += added;
			}
		}
		String joined = String.join(",", members);
		if (lines.size() == 1 && lines.get(0) != null && joined.equals(ascii(lines.get(0)))) {
			return false;
		}
		if (members.isEmpty()) {
			return remove(headers, BAGGAGE);
		}
		replace(headers, BAGGAGE, joined);
		return true;
	}

	static boolean isValidBaggageMember(String member) {
		String[] parts = member.split(";", -1);
		int equals = parts[0].indexOf('=');
		if (equals < 0) {
			return false;
		}
		String key = trimOws(parts[0].substring(0, equals));
		String value = trimOws(parts[0].substring(equals + 1));
		if (!isToken(key) || !isBaggageValue(value) || !decodesToPrintableText(value)) {
			return false;
		}
		for (int i = 1; i < parts.length; i++) {
			String property = trimOws(parts[i]);
			int propertyEquals = property.indexOf('=');
			String propertyKey = (propertyEquals < 0) ? property : trimOws(property.substring(0, propertyEquals));
			String propertyValue = (propertyEquals < 0) ? "" : trimOws(property.substring(propertyEquals + 1));
			if (!isToken(propertyKey) || !isBaggageValue(propertyValue)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isBaggageValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			// baggage-octet: printable US-ASCII except space, '"', ',', ';' and '\'.
			if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
				return false;
			}
		}
		return true;
	}

	// A value is percent-encoded UTF-8; once decoded it must not carry control characters (CR, LF, NUL, DEL...)
	// that someone could later write raw into another header.
	private static boolean decodesToPrintableText(String value) {
		if (value.indexOf('%') < 0) {
			return true;
		}
		ByteBuffer decoded = ByteBuffer.allocate(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%') {
				if (i + 2 >= value.length()) {
					return false;
				}
				int high = Character.digit(value.charAt(i + 1), 16);
				int low = Character.digit(value.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					return false;
				}
				decoded.put((byte) ((high << 4) | low));
				i += 2;
			}
			else {
				decoded.put((byte) c);
			}
		}
		decoded.flip();
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(decoded)
				.toString();
			return text.codePoints().noneMatch(Character::isISOControl);
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static boolean sanitizeB3(Headers headers) {
		boolean changed = false;
		for (String name : B3_HEADERS) {
			List<byte @Nullable []> found = values(headers, name);
			if (found.isEmpty()) {
				continue;
			}
			byte[] first = found.get(0);
			if (first == null || first.length == 0 || first.length > MAX_B3_BYTES || !isPrintableAscii(first)) {
				changed |= remove(headers, name);
			}
			else if (found.size() > 1) {
				replace(headers, name, ascii(first));
				changed = true;
			}
		}
		return changed;
	}

	// Reads at most maxBytes of a header line, keeping only the members that end within them: the cost of a line
	// stays bounded however long it is, and a member is never cut in half.
	private static String completeMembers(byte[] line, int maxBytes) {
		if (line.length <= maxBytes) {
			return ascii(line);
		}
		String prefix = new String(line, 0, maxBytes + 1, StandardCharsets.ISO_8859_1);
		int lastComma = prefix.lastIndexOf(',');
		return (lastComma < 0) ? "" : prefix.substring(0, lastComma);
	}

	private static List<byte @Nullable []> values(Headers headers, String key) {
		List<byte @Nullable []> values = new ArrayList<>(1);
		for (Header header : headers.headers(key)) {
			values.add(header.value());
		}
		return values;
	}

	private static boolean remove(Headers headers, String key) {
		if (headers.lastHeader(key) == null) {
			return false;
		}
		headers.remove(key);
		return true;
	}

	private static void replace(Headers headers, String key, String value) {
		headers.remove(key);
		headers.add(key, value.getBytes(StandardCharsets.US_ASCII));
	}

	private static String ascii(byte @Nullable [] value) {
		return (value != null) ? new String(value, StandardCharsets.ISO_8859_1) : "";
	}

	private static boolean isPrintableAscii(byte[] value) {
		for (byte b : value) {
			if (b < 0x20 || b > 0x7e) {
				return false;
			}
		}
		return true;
	}

	private static boolean isToken(String value) {
		if (value.isEmpty()) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean alphaNumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!alphaNumeric && TCHARS.indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean isLowerHex(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isAllZero(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

	private static boolean isLowerAlphaOrDigit(char c) {
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
	}

	private static String trimOws(String value) {
		int start = 0;
		int end = value.length();
		while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
			start++;
		}
		while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
			end--;
		}
		return value.substring(start, end);
	}

}
