package dev.tracewire.bench.macro.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	@Test
	void givesRatiosAndDeltasToNoneAndWithholdsTheRatioOfAVariantThatDroppedSpans() {
		List<Map<String, Object>> windows = new ArrayList<>();
		for (int rep = 0; rep < 3; rep++) {
			windows.add(Windows.saturation("S1", "none", 1000 + rep * 10, 50.0, 10_000.0, "ok"));
			windows.add(Windows.saturation("S1", "tracewire", 900 + rep * 10, 60.0, 12_000.0, "ok"));
			windows.add(Windows.saturation("S1", "boot-auto", 2000, 40.0, 9_000.0, (rep == 1) ? "DROPS" : "ok"));
		}
		Map<String, List<Double>> startup = new LinkedHashMap<>();
		startup.put("none", List.of(1000.0, 1100.0, 1200.0));
		startup.put("tracewire", List.of(1300.0, 1200.0, 1250.0));
		Map<String, Object> summary = Report.summarize(windows, startup, List.of("none", "tracewire", "boot-auto"));

		Map<String, Object> s1 = map(map(summary.get("scenarios")).get("S1"));
		Map<String, Object> tracewire = map(s1.get("tracewire"));
		assertThat((double) map(tracewire.get("ratio_to_none")).get("throughput")).isEqualTo(910.0 / 1010.0);
		assertThat((double) map(tracewire.get("delta_to_none")).get("cpu_us_per_request")).isEqualTo(10.0);
		Map<String, Object> boot = map(s1.get("boot-auto"));
		assertThat(map(boot.get("ratio_to_none")).get("throughput")).isNull();
		assertThat((List<?>) boot.get("flags")).anySatisfy((flag) -> assertThat(flag.toString()).startsWith("DROPS"));
		assertThat((double) map(map(summary.get("startup_ms")).get("tracewire")).get("ratio")).isEqualTo(1250.0 / 1100.0);

		Map<String, Object> results = new LinkedHashMap<>();
		results.put("smoke", true);
		String markdown = Report.markdown(results, summary);
		assertThat(markdown).contains("SMOKE RUN").contains("| tracewire | 910 (900-920) | 0.90 |")
			.contains("n/a (drops)")
			.contains("| S1 tracewire throughput >= 0.90x none | 0.90x | yes (smoke) |")
			.contains("| S1 tracewire CPU <= +5 us per request | +10.0 us | **no** (smoke) |")
			.contains("| S1 tracewire allocation <= +4 KB per request | +2.0 KB | yes (smoke) |")
			.contains("| startup tracewire <= 1.15x none | 1.14x | yes (smoke) |");
	}

	@Test
	void showsByHowMuchAVariantThatDroppedSpansMissesItsTargets() {
		List<Map<String, Object>> windows = new ArrayList<>();
		windows.add(Windows.saturation("S1", "none", 1000, 50.0, 10_000.0, "ok"));
		windows.add(Windows.saturation("S1", "tracewire", 950, 52.0, 11_000.0, "DROPS"));
		Map<String, Object> summary = Report.summarize(windows, Map.of(), List.of("none", "tracewire"));

		Map<String, Object> throughput = map(((List<?>) summary.get("targets")).get(0));
		assertThat(throughput.get("value")).isEqualTo(0.95);
		assertThat(throughput.get("met")).isEqualTo(false);
		assertThat(Report.markdown(new LinkedHashMap<>(), summary))
			.contains("| S1 tracewire throughput >= 0.90x none | 0.95x | **no** (spans dropped) |")
			.contains("| S1 tracewire CPU <= +5 us per request | +2.0 us | **no** (spans dropped) |")
			.contains("| S3 tracewire throughput >= 0.97x none | n/a | n/a |");
	}

	@Test
	void callsThroughputSteadyWhenTheLastThreeChunksAgree() {
		assertThat(Runner.isSteady(List.of(100.0, 500.0, 990.0, 1000.0, 1010.0), 0.03)).isTrue();
		assertThat(Runner.isSteady(List.of(900.0, 1000.0, 1100.0), 0.03)).isFalse();
		assertThat(Runner.isSteady(List.of(1000.0, 1000.0), 0.03)).isFalse();
	}

	@Test
	void writesJson() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("name", "a \"quoted\"\nline");
		value.put("ratio", 0.5);
		value.put("count", 3L);
		value.put("nan", Double.NaN);
		value.put("list", List.of(1.0, 2.5, 8.00001, 0.1));
		assertThat(Json.write(value)).isEqualTo("{\n  \"name\": \"a \\\"quoted\\\"\\nline\",\n  \"ratio\": 0.5,\n"
				+ "  \"count\": 3,\n  \"nan\": null,\n  \"list\": [1, 2.5, 8, 0.1]\n}\n");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
