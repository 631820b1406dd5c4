package dev.tracewire.sampling;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.util.AntPathMatcher;
import org.springframework.util.PatternMatchUtils;

/**
 * A sampling probability for the traces that start at matching requests or observations. Every criterion that is
 * set must match; a probability of 0 means never, even when the caller sampled.
 *
 * @param method HTTP method, any when {@code null}
 * @param path Ant-style path pattern such as {@code /orders/**}, any when {@code null}
 * @param observation observation name pattern with {@code *} wildcards such as {@code spring.security.*}, any
 * when {@code null}
 * @param probability probability between 0 and 1
 */
public record SamplingRule(@Nullable String method, @Nullable String path, @Nullable String observation,
		double probability) {

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	public SamplingRule {
		checkProbability(probability);
		if (method == null && path == null && observation == null) {
			throw new IllegalArgumentException("A sampling rule needs a method, a path or an observation to match");
		}
		method = (method != null) ? method.toUpperCase(Locale.ROOT) : null;
	}

	static double checkProbability(double probability) {
		if (probability < 0 || probability > 1 || Double.isNaN(probability)) {
			throw new IllegalArgumentException("Sampling probability must be between 0 and 1, but was " + probability);
		}
		return probability;
	}

	/**
	 * Returns whether this rule never samples what it matches.
	 * @return whether the probability is 0
	 */
	public boolean isNever() {
		return this.probability == 0;
	}

	boolean matches(@Nullable SamplingHint hint) {
		if (hint == null) {
			return false;
		}
		return (this.method == null || this.method.equals(hint.method()))
				&& (this.path == null || (hint.path() != null && pathMatches(this.path, hint.path())))
				&& (this.observation == null || PatternMatchUtils.simpleMatch(this.observation, hint.observationName()));
	}

	static boolean pathMatches(String pattern, String path) {
		// Asked on every request: the usual shapes (a literal path, a literal prefix with "/**") are matched
		// without the Ant matcher, which tokenizes both strings each time.
		int literalLength = pattern.endsWith("/**") ? pattern.length() - 3 : pattern.length();
		if (!path.isEmpty() && isLiteral(pattern, literalLength)) {
			if (literalLength == pattern.length()) {
				return pattern.equals(path);
			}
			return path.regionMatches(0, pattern, 0, literalLength)
					&& (path.length() == literalLength || path.charAt(literalLength) == '/');
		}
		return PATHS.match(pattern, path);
	}

	private static boolean isLiteral(String pattern, int length) {
		for (int i = 0; i < length; i++) {
			char c = pattern.charAt(i);
			if (c == '*' || c == '?' || c == '{') {
				return false;
			}
		}
		return true;
	}

}
