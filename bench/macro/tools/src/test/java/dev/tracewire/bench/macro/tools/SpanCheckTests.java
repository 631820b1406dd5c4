package dev.tracewire.bench.macro.tools;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SpanCheckTests {

	@Test
	void expectsTheCalibratedSpansOfEveryRequestWithinWhatIsInFlightAtTheEdges() {
		assertThat(SpanCheck.of(1000, 1000, 1.0, 2, 0, 30)).isEqualTo(new SpanCheck(1000, "ok"));
		assertThat(SpanCheck.of(998, 1000, 1.0, 2, 0, 30).verdict()).isEqualTo("ok");
		assertThat(SpanCheck.of(997, 1000, 1.0, 2, 0, 30).verdict()).isEqualTo("DROPS");
		assertThat(SpanCheck.of(1003, 1000, 1.0, 2, 0, 30).verdict()).isEqualTo("EXTRA");
	}

	@Test
	void allowsForOccasionalSpansThatBelongToNoRequest() {
		assertThat(SpanCheck.of(8090, 1000, 8.1, 2, 0, 30)).isEqualTo(new SpanCheck(8000, "ok"));
		assertThat(SpanCheck.of(7900, 1000, 8.1, 2, 0, 30).verdict()).isEqualTo("DROPS");
	}

	@Test
	void expectsOnlyTheTracesARateLimitedVariantSamples() {
		// 100 traces per second for 30 s of a load of 750,000 requests: about 3,000 sampled.
		assertThat(SpanCheck.of(3000, 750_000, 1.0, 32, 100, 30)).isEqualTo(new SpanCheck(3000, "ok"));
		assertThat(SpanCheck.of(3150, 750_000, 1.0, 32, 100, 30).verdict()).isEqualTo("ok");
		assertThat(SpanCheck.of(2700, 750_000, 1.0, 32, 100, 30).verdict()).isEqualTo("DROPS");
		assertThat(SpanCheck.of(3300, 750_000, 1.0, 32, 100, 30).verdict()).isEqualTo("EXTRA");
		// A load slower than the limit is sampled whole.
		assertThat(SpanCheck.of(400, 50, 8.0, 2, 100, 30)).isEqualTo(new SpanCheck(400, "ok"));
	}

	@Test
	void runsTheExtraVariantsOnlyWhenNamedAndRefusesUnknownNames() {
		Path jar = Path.of("app.jar");
		List<Variant> all = Variant.all(jar, null, "2.25.0", List.of(), "http://sink", 0);
		List<Variant> extras = Variant.extras(jar, null, "http://sink", 0);
		assertThat(all).extracting(Variant::name).doesNotContain("tracewire-limited", "tracewire-defaults");
		assertThat(Runner.select(all, extras, List.of("tracewire-defaults", "none", "tracewire-limited")))
			.extracting(Variant::name)
			.containsExactly("none", "tracewire-limited", "tracewire-defaults");
		assertThat(extras).filteredOn((variant) -> variant.name().equals("tracewire-defaults"))
			.singleElement()
			.satisfies((variant) -> {
				assertThat(variant.traceRateLimit()).isEqualTo(100);
				assertThat(variant.appArgs()).noneMatch((arg) -> arg.contains("sampling"));
			});
		assertThatIllegalArgumentException().isThrownBy(() -> Runner.select(all, extras, List.of("none", "tracewyre")))
			.withMessageContaining("tracewyre");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Runner.select(all, extras, List.of("none", "tracewire-baseline")));
	}

	@Test
	void runsTheBaselineJarWithTracewiresSettingsWhenGivenAndNamed() {
		Path jar = Path.of("app.jar");
		Path baseline = Path.of("baseline-app.jar");
		List<Variant> all = Variant.all(jar, null, "2.25.0", List.of(), "http://sink", 0);
		List<Variant> extras = Variant.extras(jar, baseline, "http://sink", 0);
		Variant tracewire = all.stream().filter((variant) -> variant.name().equals("tracewire")).findFirst().orElseThrow();
		assertThat(Runner.select(all, extras, List.of("tracewire-baseline", "tracewire")))
			.extracting(Variant::name)
			.containsExactly("tracewire", "tracewire-baseline");
		assertThat(extras).filteredOn((variant) -> variant.name().equals("tracewire-baseline"))
			.singleElement()
			.satisfies((variant) -> {
				assertThat(variant.jar()).isEqualTo(baseline);
				assertThat(variant.appArgs()).isEqualTo(tracewire.appArgs());
				assertThat(variant.traced()).isTrue();
			});
	}

}
