package dev.tracewire.bench.macro.tools;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hand-made measurement windows, as the runner records them in {@code results.json}, for the report's and the
 * chart's tests.
 */
final class Windows {

	private Windows() {
	}

	static Map<String, Object> saturation(String scenario, String variant, double rps, double cpu, double allocated,
			String check) {
		Map<String, Object> window = new LinkedHashMap<>();
		window.put("variant", variant);
		window.put("scenario", scenario);
		window.put("kind", "saturation");
		window.put("requests_per_second", rps);
		window.put("cpu_us_per_request", cpu);
		window.put("allocated_bytes_per_request", allocated);
		window.put("spans_per_request", 1.0);
		window.put("traces_per_request", 1.0);
		window.put("span_check", check);
		window.put("errors", 0L);
		return window;
	}

}
