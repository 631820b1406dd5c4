package dev.tracewire.propagation;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Cleans W3C {@code baggage} headers: all lines form one list; a member whose key is not a token, whose value
 * does not decode, or whose decoded value holds control characters is dropped (never the request); at most 64
 * members and 8192 bytes are kept, whole members only.
 */
public final class BaggageHeader {

	static final int MAX_MEMBERS = 64;

	static final int MAX_BYTES = 8192;

	private BaggageHeader() {
	}

	/**
	 * Returns the clean list from incoming header lines.
	 * @param lines the header lines, in order
	 * @return the cleaned value, or {@code null} when no member survives
	 */
	public static @Nullable String sanitize(Iterable<String> lines) {
		return sanitize(lines, Set.of());
	}

	/**
	 * Returns the clean list, also leaving out the given keys (local fields that must not leave the process).
	 * @param lines the header lines, in order
	 * @param excludedKeys keys to leave out, case-insensitive, lower case
	 * @return the cleaned value, or {@code null} when no member survives
	 */
	public static @Nullable String sanitize(Iterable<String> lines, Set<String> excludedKeys) {
		StringBuilder result = new StringBuilder();
		int members = 0;
		for (String line : lines) {
			for (String member : line.split(",")) {
				String trimmed = member.strip();
				if (trimmed.isEmpty() || !isValid(trimmed)
						|| excludedKeys.contains(key(trimmed).toLowerCase(Locale.ROOT))) {
					continue;
				}
				int bytes = trimmed.getBytes(StandardCharsets.UTF_8).length + ((result.length() > 0) ? 1 : 0);
				if (members == MAX_MEMBERS || result.length() + bytes > MAX_BYTES) {
					return finish(result);
				}
				if (result.length() > 0) {
					result.append(',');
				}
				result.append(trimmed);
				members++;
			}
		}
		return finish(result);
	}

	private static @Nullable String finish(StringBuilder result) {
		return (result.length() > 0) ? result.toString() : null;
	}

	private static String key(String member) {
		int equals = member.indexOf('=');
		return ((equals < 0) ? member : member.substring(0, equals)).strip();
	}

	static boolean isValid(String member) {
		int equals = member.indexOf('=');
		if (equals <= 0) {
			return false;
		}
		String key = member.substring(0, equals).strip();
		if (key.isEmpty() || !isToken(key)) {
			return false;
		}
		int properties = member.indexOf(';', equals);
		String value = member.substring(equals + 1, (properties < 0) ? member.length() : properties).strip();
		for (int i = 0; i < member.length(); i++) {
			if (isControl(member.charAt(i))) {
				return false;
			}
		}
		String decoded;
		try {
			decoded = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		for (int i = 0; i < decoded.length(); i++) {
			if (isControl(decoded.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isControl(char c) {
		return c < 0x20 || c == 0x7f;
	}

	private static boolean isToken(String key) {
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
			if (!ok) {
				return false;
			}
		}
		return true;
	}

}
