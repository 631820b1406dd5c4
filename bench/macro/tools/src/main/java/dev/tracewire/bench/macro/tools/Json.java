package dev.tracewire.bench.macro.tools;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The little JSON the runner writes: maps, collections, strings, numbers, booleans and nulls, indented; and reads
 * back (for {@code --resume}): objects as ordered maps, arrays as lists, every number as a {@link Double}.
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
				// 8.00001 is "8.0000" at four places: no trailing zeros, and no bare point ("8." is not JSON).
				out.append(String.format(Locale.ROOT, "%.4f", number).replaceAll("\\.?0+$", ""));
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

	/**
	 * Reads a JSON document.
	 * @param text the document
	 * @return maps, lists, strings, doubles, booleans and nulls
	 * @throws IllegalArgumentException when the text is not JSON
	 */
	static Object read(String text) {
		Reader reader = new Reader(text);
		Object value = reader.value();
		reader.skipWhitespace();
		if (reader.position != text.length()) {
			throw reader.error("end of input");
		}
		return value;
	}

	private static final class Reader {

		private final String text;

		private int position;

		Reader(String text) {
			this.text = text;
		}

		Object value() {
			skipWhitespace();
			if (this.position >= this.text.length()) {
				throw error("a value");
			}
			char c = this.text.charAt(this.position);
			return switch (c) {
				case '{' -> object();
				case '[' -> array();
				case '"' -> string();
				case 't' -> literal("true", Boolean.TRUE);
				case 'f' -> literal("false", Boolean.FALSE);
				case 'n' -> literal("null", null);
				default -> number();
			};
		}

		private Map<String, Object> object() {
			Map<String, Object> map = new LinkedHashMap<>();
			this.position++;
			skipWhitespace();
			if (peek() == '}') {
				this.position++;
				return map;
			}
			while (true) {
				skipWhitespace();
				if (peek() != '"') {
					throw error("a key");
				}
				String key = string();
				skipWhitespace();
				expect(':');
				map.put(key, value());
				skipWhitespace();
				if (peek() == ',') {
					this.position++;
					continue;
				}
				expect('}');
				return map;
			}
		}

		private List<Object> array() {
			List<Object> list = new ArrayList<>();
			this.position++;
			skipWhitespace();
			if (peek() == ']') {
				this.position++;
				return list;
			}
			while (true) {
				list.add(value());
				skipWhitespace();
				if (peek() == ',') {
					this.position++;
					continue;
				}
				expect(']');
				return list;
			}
		}

		private String string() {
			StringBuilder out = new StringBuilder();
			this.position++;
			while (this.position < this.text.length()) {
				char c = this.text.charAt(this.position++);
				if (c == '"') {
					return out.toString();
				}
				if (c != '\\') {
					out.append(c);
					continue;
				}
				char escaped = this.text.charAt(this.position++);
				switch (escaped) {
					case 'n' -> out.append('\n');
					case 'r' -> out.append('\r');
					case 't' -> out.append('\t');
					case 'b' -> out.append('\b');
					case 'f' -> out.append('\f');
					case 'u' -> {
						out.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
						this.position += 4;
					}
					default -> out.append(escaped);
				}
			}
			throw error("the end of a string");
		}

		private Object literal(String word, Object value) {
			if (!this.text.startsWith(word, this.position)) {
				throw error(word);
			}
			this.position += word.length();
			return value;
		}

		private Double number() {
			int start = this.position;
			while (this.position < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.position)) >= 0) {
				this.position++;
			}
			if (start == this.position) {
				throw error("a value");
			}
			return Double.valueOf(this.text.substring(start, this.position));
		}

		private char peek() {
			return (this.position < this.text.length()) ? this.text.charAt(this.position) : 0;
		}

		private void expect(char c) {
			if (peek() != c) {
				throw error("'" + c + "'");
			}
			this.position++;
		}

		void skipWhitespace() {
			while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
				this.position++;
			}
		}

		IllegalArgumentException error(String expected) {
			return new IllegalArgumentException("Expected " + expected + " at offset " + this.position);
		}

	}

}
