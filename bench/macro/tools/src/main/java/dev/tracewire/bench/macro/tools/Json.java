package dev.tracewire.bench.macro.tools;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The little JSON the runner writes: maps, collections, strings, numbers, booleans and nulls, indented.
 */
final class Json {

	private Json() {
	}

	static String write(Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out, 0);
		return out.append('\n').toString();
	}

	private static void write(Object value, StringBuilder out, int depth) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			if (map.isEmpty()) {
				out.append("{}");
				return;
			}
			out.append("{\n");
			int i = 0;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				indent(out, depth + 1);
				string(String.valueOf(entry.getKey()), out);
				out.append(": ");
				write(entry.getValue(), out, depth + 1);
				out.append((++i < map.size()) ? ",\n" : "\n");
			}
			indent(out, depth);
			out.append('}');
		}
		else if (value instanceof Collection<?> list) {
			if (list.isEmpty()) {
				out.append("[]");
				return;
			}
			boolean scalars = list.stream().allMatch((item) -> item instanceof Number || item instanceof String);
			if (scalars) {
				out.append('[');
				int i = 0;
				for (Object item : list) {
					write(item, out, depth);
					out.append((++i < list.size()) ? ", " : "");
				}
				out.append(']');
				return;
			}
			out.append("[\n");
			int i = 0;
			for (Object item : list) {
				indent(out, depth + 1);
				write(item, out, depth + 1);
				out.append((++i < list.size()) ? ",\n" : "\n");
			}
			indent(out, depth);
			out.append(']');
		}
		else if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			if (Double.isNaN(number) || Double.isInfinite(number)) {
				out.append("null");
			}
			else if (number == Math.rint(number) && Math.abs(number) < 1e15) {
				out.append((long) number);
			}
			else {
				out.append(String.format(Locale.ROOT, "%.4f", number).replaceAll("0+$", ""));
			}
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else {
			string(value.toString(), out);
		}
	}

	private static void indent(StringBuilder out, int depth) {
		out.append("  ".repeat(depth));
	}

	private static void string(String value, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
