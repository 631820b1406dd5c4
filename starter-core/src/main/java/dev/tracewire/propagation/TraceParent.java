package dev.tracewire.propagation;

import org.jspecify.annotations.Nullable;

/**
 * Parses a W3C {@code traceparent} header value the way the specification says, and rewrites a valid one as
 * version {@code 00} with only the defined flags ({@code 01} sampled, {@code 02} random).
 */
public final class TraceParent {

	private static final int VERSION_00_LENGTH = 55;

	private TraceParent() {
	}

	/**
	 * Returns the canonical form of a header value, or {@code null} when it is invalid.
	 * @param value the header value
	 * @return {@code 00-<trace-id>-<parent-id>-<flags>} or {@code null}
	 */
	public static @Nullable String normalize(@Nullable String value) {
		if (value == null) {
			return null;
		}
		String header = value.strip();
		if (header.length() < VERSION_00_LENGTH || !isLowerHex(header, 0, 2) || header.startsWith("ff")
				|| header.charAt(2) != '-' || header.charAt(35) != '-' || header.charAt(52) != '-') {
			return null;
		}
		boolean version00 = header.startsWith("00");
		if (version00 && header.length() != VERSION_00_LENGTH) {
			return null;
		}
		// A higher version may append fields, each introduced by '-'.
		if (!version00 && header.length() > VERSION_00_LENGTH && header.charAt(VERSION_00_LENGTH) != '-') {
			return null;
		}
		if (!isLowerHex(header, 3, 35) || !isLowerHex(header, 36, 52) || !isLowerHex(header, 53, 55)
				|| isZeros(header, 3, 35) || isZeros(header, 36, 52)) {
			return null;
		}
		int flags = Integer.parseInt(header, 53, 55, 16) & 0x03;
		return "00-" + header.substring(3, 52) + "-0" + flags;
	}

	/**
	 * Returns whether a value is a valid trace or span id: exactly {@code length} lower-case hex characters, not
	 * all zero.
	 * @param id the value
	 * @param length 32 for a trace id, 16 for a span id (B3 also allows 16 for a trace id)
	 * @return whether it is a valid id
	 */
	public static boolean isValidId(@Nullable String id, int length) {
		return id != null && id.length() == length && isLowerHex(id, 0, length) && !isZeros(id, 0, length);
	}

	static boolean isLowerHex(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isZeros(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			if (value.charAt(i) != '0') {
				return false;
			}
		}
		return true;
	}

}
