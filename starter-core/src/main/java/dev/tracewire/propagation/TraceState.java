package dev.tracewire.propagation;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Joins and checks W3C {@code tracestate} header lines, and shortens an outgoing value to the size every hop must
 * propagate, whole members at a time.
 */
public final class TraceState {

	/**
	 * Most members a tracestate may hold.
	 */
	static final int MAX_MEMBERS = 32;

	/**
	 * Length every hop must be able to propagate.
	 */
	public static final int PROPAGATED_LENGTH = 512;

	private static final int LONG_MEMBER = 128;

	private TraceState() {
	}

	/**
	 * Joins all header lines into one list (RFC 9110) and returns it, or {@code null} when a member is invalid or
	 * there are too many.
	 * @param lines the header lines, in order
	 * @return the joined value, possibly empty, or {@code null}
	 */
	public static @Nullable String join(Iterable<String> lines) {
		List<String> members = new ArrayList<>();
		for (String line : lines) {
			for (String member : line.split(",", -1)) {
				String trimmed = member.strip();
				if (trimmed.isEmpty()) {
					continue;
				}
				if (!isValidMember(trimmed)) {
					return null;
				}
				members.add(trimmed);
			}
		}
		if (members.size() > MAX_MEMBERS) {
			return null;
		}
		return String.join(",", members);
	}

	static boolean isValidMember(String member) {
		int equals = member.indexOf('=');
		if (equals <= 0 || equals == member.length() - 1) {
			return false;
		}
		return isValidKey(member.substring(0, equals)) && isValidValue(member.substring(equals + 1));
	}

	private static boolean isValidKey(String key) {
		int at = key.indexOf('@');
		if (at >= 0) {
			// multi-tenant key: tenant@system
			String tenant = key.substring(0, at);
			String system = key.substring(at + 1);
			return !tenant.isEmpty() && tenant.length() <= 241 && !system.isEmpty() && system.length() <= 14
					&& isKeyChars(tenant, true) && isKeyChars(system, false);
		}
		return key.length() <= 256 && isKeyChars(key, false);
	}

	private static boolean isKeyChars(String key, boolean tenant) {
		char first = key.charAt(0);
		if (!((first >= 'a' && first <= 'z') || (tenant && first >= '0' && first <= '9'))) {
			return false;
		}
		for (int i = 1; i < key.length(); i++) {
			char c = key.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*'
					|| c == '/';
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	private static boolean isValidValue(String value) {
		if (value.length() > 256 || value.endsWith(" ")) {
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

	/**
	 * Shortens a tracestate to {@value #PROPAGATED_LENGTH} characters by removing whole members: first those longer
	 * than 128 characters, then from the end.
	 * @param value the tracestate
	 * @return the value itself when short enough, else the shortened value
	 */
	public static String truncate(String value) {
		if (value.length() <= PROPAGATED_LENGTH) {
			return value;
		}
		List<String> members = new ArrayList<>(List.of(value.split(",")));
		for (int i = members.size() - 1; i >= 0 && length(members) > PROPAGATED_LENGTH; i--) {
			if (members.get(i).length() > LONG_MEMBER) {
				members.remove(i);
			}
		}
		while (length(members) > PROPAGATED_LENGTH) {
			members.remove(members.size() - 1);
		}
		return String.join(",", members);
	}

	private static int length(List<String> members) {
		int length = Math.max(0, members.size() - 1);
		for (String member : members) {
			length += member.length();
		}
		return length;
	}

}
