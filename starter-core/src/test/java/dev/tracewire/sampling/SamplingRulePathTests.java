package dev.tracewire.sampling;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.AntPathMatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path patterns of sampling rules and skip paths match exactly as Spring's Ant matcher does, including the shapes
 * matched without it.
 */
class SamplingRulePathTests {

	private static final List<String> PATTERNS = List.of("/actuator/**", "/actuator", "/**", "/orders/*/items",
			"/orders/{id}", "/api/v?/x", "/health/**", "/");

	private static final List<String> PATHS = List.of("/actuator", "/actuator/", "/actuator/health",
			"/actuator/health/liveness", "/actuatorx", "/actuato", "/orders/1/items", "/orders/1", "/api/v1/x", "/",
			"", "/health", "/healthz", "/x/actuator/health");

	@Test
	void matchesLikeTheAntMatcher() {
		AntPathMatcher ant = new AntPathMatcher();
		for (String pattern : PATTERNS) {
			for (String path : PATHS) {
				assertThat(SamplingRule.pathMatches(pattern, path)).as("%s against %s", pattern, path)
					.isEqualTo(ant.match(pattern, path));
			}
		}
	}

}
