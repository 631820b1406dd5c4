package dev.tracewire.bench.macro.tools;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The chart of a small hand-made run: its bars, their lengths and the figures printed beside them.
 */
class ChartTests {

	@Test
	void drawsTheRatioToNoneAndTheExtraCpuAndAllocationPerRequest() throws Exception {
		Map<String, Object> results = results();
		String svg = Chart.svg(results, Report.summarize(results));

		assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")
			.contains("Run 2026-11-22 to 2026-11-23")
			.contains("3 repetitions, medians")
			.contains("commit abc1234")
			.contains(">S1  GET /hello</text>")
			.contains(">S3  GET /checkout</text>")
			.contains("none: 1,010 req/s, 50.0 us and 9.8 KB per request")
			// tracewire S1: 910 / 1010 req/s, 60 - 50 us, (12,000 - 10,000) / 1024 KB
			.contains(">0.90x</text>")
			.contains(">+10.0</text>")
			.contains(">+2.0</text>")
			.contains("<title>S1 tracewire: throughput 0.90x none (min-max 0.89-0.91)</title>")
			.contains("<title>S1 tracewire: +10.0 us CPU per request against none</title>")
			.contains("<title>S1 tracewire: +2.0 KB allocated per request against none</title>")
			// boot-auto dropped spans in S1: hatched, its ratio in brackets, tagged; not in S3
			.contains(">(1.98x)</text>")
			.contains("<title>S1 boot-auto: throughput 1.98x none (min-max 1.98-1.98), spans dropped</title>")
			.contains(">drops</text>")
			.contains("fill=\"url(#drops)\"")
			.contains("<title>S3 boot-auto: throughput 0.50x none (min-max 0.50-0.50)</title>")
			.contains("<title>S3 tracewire: +300.0 us CPU per request against none</title>")
			.doesNotContain("NaN");
		assertThat(count(svg, ">drops</text>")).isEqualTo(1);

		// The bars' lengths: the ratio scale starts at zero and none's bar ends at 1.0x.
		Map<String, Double> widths = barWidths(svg);
		double none = widths.get("S1 none: throughput 1.00x none (min-max 0.99-1.01)");
		assertThat(widths.get("S1 tracewire: throughput 0.90x none (min-max 0.89-0.91)") / none)
			.isCloseTo(910.0 / 1010.0, within(0.001));
		assertThat(widths.get("S3 boot-auto: throughput 0.50x none (min-max 0.50-0.50)") / none).isCloseTo(0.5,
				within(0.001));
		assertThat(widths.get("S3 tracewire: +300.0 us CPU per request against none")
				/ widths.get("S3 boot-auto: +150.0 us CPU per request against none"))
			.isCloseTo(2.0, within(0.001));

		assertThat(Chart.svg(results, Report.summarize(results))).isEqualTo(svg);
	}

	@Test
	void writesTheChartOfASavedRunBesideIt(@TempDir Path directory) throws Exception {
		Path saved = directory.resolve("results.json");
		Files.writeString(saved, Json.write(results()));
		Chart.main(new String[] { saved.toString() });
		String svg = Files.readString(directory.resolve("chart.svg"));
		assertThat(svg).contains(">0.90x</text>");
		assertThat(svg).isEqualTo(Chart.svg(results(), Report.summarize(results())));
	}

	private static Map<String, Object> results() {
		List<Map<String, Object>> windows = new ArrayList<>();
		for (int rep = 0; rep < 3; rep++) {
			windows.add(Windows.saturation("S1", "none", 1000 + rep * 10, 50.0, 10_000.0, "ok"));
			windows.add(Windows.saturation("S1", "tracewire", 900 + rep * 10, 60.0, 12_000.0, "ok"));
			windows.add(Windows.saturation("S1", "boot-auto", 2000, 40.0, 9_000.0, (rep == 1) ? "DROPS" : "ok"));
			windows.add(Windows.saturation("S3", "none", 400, 200.0, 100_000.0, "ok"));
			windows.add(Windows.saturation("S3", "tracewire", 250, 500.0, 150_000.0, "ok"));
			windows.add(Windows.saturation("S3", "boot-auto", 200, 350.0, 120_000.0, "ok"));
		}
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("smoke", false);
		results.put("started", "2026-11-22T18:44:37Z");
		results.put("options", Map.of("reps", 3));
		results.put("measured", Map.of("commit", "abc1234"));
		results.put("variants", List.of(Map.of("name", "none"), Map.of("name", "tracewire"),
				Map.of("name", "boot-auto")));
		results.put("startup_ms", Map.of("none", List.of(1000.0)));
		results.put("windows", windows);
		results.put("finished", "2026-11-23T07:39:55Z");
		return results;
	}

	private static Map<String, Double> barWidths(String svg) throws Exception {
		NodeList rects = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)))
			.getElementsByTagName("rect");
		Map<String, Double> widths = new LinkedHashMap<>();
		for (int i = 0; i < rects.getLength(); i++) {
			Element rect = (Element) rects.item(i);
			NodeList titles = rect.getElementsByTagName("title");
			if (titles.getLength() == 1) {
				widths.put(titles.item(0).getTextContent().replace(", spans dropped", ""),
						Double.parseDouble(rect.getAttribute("width")));
			}
		}
		return widths;
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

}
