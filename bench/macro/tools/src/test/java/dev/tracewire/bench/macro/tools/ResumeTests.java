package dev.tracewire.bench.macro.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ResumeTests {

	@Test
	@SuppressWarnings("unchecked")
	void readsBackWhatItWrites() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("name", "a \"quoted\"\nline\twith \\ and \u0001");
		value.put("ratio", 0.5);
		value.put("count", 3L);
		value.put("nothing", null);
		value.put("yes", true);
		value.put("empty", Map.of());
		value.put("list", List.of(1.0, -2.5, "x"));
		value.put("nested", List.of(Map.of("k", List.of())));
		String json = Json.write(value);

		Object read = Json.read(json);

		assertThat(Json.write(read)).isEqualTo(json);
		Map<String, Object> map = Report.cast(read);
		assertThat(map.get("name")).isEqualTo(value.get("name"));
		assertThat(map.get("count")).isEqualTo(3.0);
		assertThat(map).containsEntry("nothing", null).containsEntry("yes", true);
		assertThat((List<Object>) map.get("list")).containsExactly(1.0, -2.5, "x");
	}

	@Test
	void refusesWhatIsNotJson() {
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("{\"a\": 1,}")).withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> Json.read("[1] 2")).withMessageContaining("end of input");
	}

	@Test
	void keepsCompleteApplicationRunsAndMeasuresAgainTheOneThatFailed() {
		Map<String, Object> saved = Report.cast(Json.read("""
				{
				  "app_runs": [
				    {"variant": "none", "rep": 0},
				    {"variant": "tracewire", "rep": 0},
				    {"variant": "tracewire", "rep": 1, "error": "exited"}
				  ],
				  "windows": [
				    {"variant": "none", "scenario": "S1", "rep": 0, "kind": "saturation", "requests_per_second": 1000},
				    {"variant": "none", "scenario": "S1", "rep": 0, "kind": "fixed-50", "requests_per_second": 500},
				    {"variant": "none", "scenario": "S3", "rep": 0, "kind": "saturation", "requests_per_second": 40.5},
				    {"variant": "tracewire", "scenario": "S1", "rep": 0, "kind": "saturation", "requests_per_second": 600},
				    {"variant": "tracewire", "scenario": "S1", "rep": 1, "kind": "saturation", "requests_per_second": 1}
				  ],
				  "startup_ms": {"none": [5000, 5100], "tracewire": [6000]}
				}
				"""));

		Runner.Restored restored = Runner.Restored.from(saved);

		assertThat(restored.done()).containsExactly("none#0", "tracewire#0");
		assertThat(restored.appRuns()).hasSize(2);
		assertThat(restored.windows()).hasSize(4)
			.noneMatch((window) -> ((Number) window.get("rep")).intValue() == 1);
		assertThat(Runner.noneThroughput(restored.windows(), "S1")).containsExactly(1000.0);
		assertThat(Runner.noneThroughput(restored.windows(), "S3")).containsExactly(40.5);
		assertThat(Runner.noneThroughput(restored.windows(), "S2")).isEmpty();
		assertThat(restored.startup().get("none")).containsExactly(5000.0, 5100.0);
		assertThat(restored.startup().get("tracewire")).containsExactly(6000.0);
	}

}
