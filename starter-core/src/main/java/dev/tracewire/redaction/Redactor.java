package dev.tracewire.redaction;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks secrets in attribute and tag values: URL user-info becomes {@code REDACTED:REDACTED}, values of sensitive
 * query parameters, values of sensitive keys, bearer tokens, card numbers (Luhn-checked) and values matching the
 * application's patterns become {@code REDACTED}. Returns the very same string when there is nothing to mask, so
 * callers can compare by identity.
 */
public final class Redactor {

	/**
	 * What replaces a secret.
	 */
	public static final String REDACTED = "REDACTED";

	private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9\\-._~+/]+=*");

	// 13 to 19 digits, optionally grouped by single spaces or dashes.
	private static final Pattern CARD = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");

	private final Set<String> sensitiveQueryParameters;

	// The same names as an array: matched in place with regionMatches, so clean values allocate nothing.
	private final String[] queryParameterNames;

	private final Set<String> sensitiveKeys;

	private final List<Pattern> patterns;

	/**
	 * Creates a redactor.
	 * @param sensitiveQueryParameters query parameter names whose values are masked, case-insensitive
	 * @param sensitiveKeys attribute and tag keys whose whole value is masked, case-insensitive
	 * @param patterns further patterns whose matches are masked
	 */
	public Redactor(Set<String> sensitiveQueryParameters, Set<String> sensitiveKeys, List<Pattern> patterns) {
		this.sensitiveQueryParameters = lowerCase(sensitiveQueryParameters);
		this.queryParameterNames = this.sensitiveQueryParameters.toArray(String[]::new);
		this.sensitiveKeys = lowerCase(sensitiveKeys);
		this.patterns = List.copyOf(patterns);
	}

	private static Set<String> lowerCase(Set<String> names) {
		return names.stream().map((name) -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * Returns whether a key's whole value is always masked.
	 * @param key the attribute or tag key
	 * @return whether the key is sensitive
	 */
	public boolean isSensitiveKey(String key) {
		// Asked for every attribute of every span: one hash lookup (toLowerCase returns the key itself when it is
		// already lower case, as attribute keys almost always are).
		return this.sensitiveKeys.contains(key.toLowerCase(Locale.ROOT));
	}

	/**
	 * Masks the secrets in one value.
	 * @param key the attribute or tag key the value belongs to
	 * @param value the value
	 * @return the masked value, or {@code value} itself when nothing needed masking
	 */
	public String redact(String key, String value) {
		if (value.isEmpty()) {
			return value;
		}
		if (isSensitiveKey(key)) {
			return REDACTED;
		}
		String result = redactUserInfo(value);
		result = redactQueryParameters(result);
		if (containsIgnoreCase(result, "bearer")) {
			result = replaceAll(BEARER, result, "$1 " + REDACTED);
		}
		result = redactCardNumbers(result);
		for (Pattern pattern : this.patterns) {
			result = replaceAll(pattern, result, REDACTED);
		}
		return result.equals(value) ? value : result;
	}

	/**
	 * Removes the query string (and fragment) of a URI or path, for low-cardinality tags such as {@code uri}.
	 * @param value the value
	 * @return the value without query, or {@code value} itself when it had none
	 */
	public static String withoutQuery(String value) {
		int end = indexOfAny(value, '?', '#');
		return (end < 0) ? value : value.substring(0, end);
	}

	private static String redactUserInfo(String value) {
		int scheme = value.indexOf("://");
		if (scheme < 0) {
			return value;
		}
		int authorityStart = scheme + 3;
		int authorityEnd = value.length();
		for (int i = authorityStart; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '/' || c == '?' || c == '#') {
				authorityEnd = i;
				break;
			}
		}
		int at = value.lastIndexOf('@', authorityEnd - 1);
		if (at < authorityStart) {
			return value;
		}
		return value.substring(0, authorityStart) + REDACTED + ":" + REDACTED + value.substring(at);
	}

	private String redactQueryParameters(String value) {
		int query = value.indexOf('?');
		if (query < 0 || this.queryParameterNames.length == 0) {
			return value;
		}
		int fragment = value.indexOf('#', query);
		int end = (fragment < 0) ? value.length() : fragment;
		StringBuilder result = null;
		int copied = 0;
		int start = query + 1;
		while (start < end) {
			int separator = value.indexOf('&', start);
			int parameterEnd = (separator < 0 || separator > end) ? end : separator;
			int equals = value.indexOf('=', start);
			if (equals > start && equals < parameterEnd && isSensitiveParameter(value, start, equals)) {
				if (result == null) {
					result = new StringBuilder(value.length());
				}
				result.append(value, copied, equals + 1).append(REDACTED);
				copied = parameterEnd;
			}
			start = parameterEnd + 1;
		}
		if (result == null) {
			return value;
		}
		return result.append(value, copied, value.length()).toString();
	}

	private boolean isSensitiveParameter(String value, int start, int end) {
		int length = end - start;
		for (String name : this.queryParameterNames) {
			if (name.length() == length && value.regionMatches(true, start, name, 0, length)) {
				return true;
			}
		}
		// Rare: an encoded name ('%5F', '+'); decode it to compare.
		for (int i = start; i < end; i++) {
			char c = value.charAt(i);
			if (c == '%' || c == '+') {
				return this.sensitiveQueryParameters
					.contains(decodeName(value.substring(start, end)).toLowerCase(Locale.ROOT));
			}
		}
		return false;
	}

	private static boolean containsIgnoreCase(String value, String lowerCaseNeedle) {
		int last = value.length() - lowerCaseNeedle.length();
		char first = lowerCaseNeedle.charAt(0);
		char firstUpper = Character.toUpperCase(first);
		for (int i = 0; i <= last; i++) {
			char c = value.charAt(i);
			if ((c == first || c == firstUpper)
					&& value.regionMatches(true, i + 1, lowerCaseNeedle, 1, lowerCaseNeedle.length() - 1)) {
				return true;
			}
		}
		return false;
	}

	private static String decodeName(String name) {
		// Enough for names: '+' and the few percent-escapes a parameter name may carry.
		if (name.indexOf('%') < 0 && name.indexOf('+') < 0) {
			return name;
		}
		try {
			return URLDecoder.decode(name, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return name;
		}
	}

	private static String redactCardNumbers(String value) {
		if (countDigits(value) < 13) {
			return value;
		}
		Matcher matcher = CARD.matcher(value);
		StringBuilder result = null;
		int last = 0;
		while (matcher.find()) {
			if (luhnValid(matcher.group())) {
				if (result == null) {
					result = new StringBuilder(value.length());
				}
				result.append(value, last, matcher.start()).append(REDACTED);
				last = matcher.end();
			}
		}
		if (result == null) {
			return value;
		}
		return result.append(value, last, value.length()).toString();
	}

	static boolean luhnValid(String candidate) {
		int sum = 0;
		boolean doubled = false;
		for (int i = candidate.length() - 1; i >= 0; i--) {
			char c = candidate.charAt(i);
			if (c < '0' || c > '9') {
				continue;
			}
			int digit = c - '0';
			if (doubled) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
			doubled = !doubled;
		}
		return sum % 10 == 0;
	}

	private static int countDigits(String value) {
		int digits = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= '0' && c <= '9') {
				digits++;
			}
		}
		return digits;
	}

	private static String replaceAll(Pattern pattern, String value, String replacement) {
		Matcher matcher = pattern.matcher(value);
		return matcher.find() ? matcher.replaceAll(replacement) : value;
	}

	private static int indexOfAny(String value, char... characters) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			for (char candidate : characters) {
				if (c == candidate) {
					return i;
				}
			}
		}
		return -1;
	}

}
