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
		result = replaceAll(BEARER, result, "$1 " + REDACTED);
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
		int authorityEnd = indexOfAny(value.substring(authorityStart), '/', '?', '#');
		String authority = (authorityEnd < 0) ? value.substring(authorityStart)
				: value.substring(authorityStart, authorityStart + authorityEnd);
		int at = authority.lastIndexOf('@');
		if (at < 0) {
			return value;
		}
		return value.substring(0, authorityStart) + REDACTED + ":" + REDACTED + value.substring(authorityStart + at);
	}

	private String redactQueryParameters(String value) {
		int query = value.indexOf('?');
		if (query < 0 || this.sensitiveQueryParameters.isEmpty()) {
			return value;
		}
		int fragment = value.indexOf('#', query);
		int end = (fragment < 0) ? value.length() : fragment;
		StringBuilder result = new StringBuilder(value.length()).append(value, 0, query + 1);
		boolean changed = false;
		int start = query + 1;
		while (start <= end) {
			int separator = value.indexOf('&', start);
			int parameterEnd = (separator < 0 || separator > end) ? end : separator;
			String parameter = value.substring(start, parameterEnd);
			int equals = parameter.indexOf('=');
			if (equals > 0 && this.sensitiveQueryParameters
				.contains(decodeName(parameter.substring(0, equals)).toLowerCase(Locale.ROOT))) {
				result.append(parameter, 0, equals + 1).append(REDACTED);
				changed = true;
			}
			else {
				result.append(parameter);
			}
			if (parameterEnd < end) {
				result.append('&');
			}
			start = parameterEnd + 1;
		}
		result.append(value, end, value.length());
		return changed ? result.toString() : value;
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
