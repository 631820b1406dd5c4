package dev.tracewire.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.tracewire.jdbc.SqlLexer.Token;
import dev.tracewire.jdbc.SqlLexer.Type;
import org.jspecify.annotations.Nullable;

/**
 * Makes SQL safe to record: every literal (strings, numbers, hex and binary values, dates, JSON, dollar-quoted
 * bodies) becomes {@code ?}, comments are dropped, whitespace collapses to single spaces, and lists of literals
 * after {@code IN} collapse to {@code IN (?)}. Identifiers, keywords, casts ({@code ::int}) and parameter
 * placeholders ({@code ?}, {@code $1}, {@code :name}) stay as written, so a parameterized statement reads as the
 * application wrote it.
 * <p>
 * It also names the statement for a span: its operation and the first table (or procedure) it works on.
 * <p>
 * Sanitizing never throws; input it cannot make sense of is masked, never passed through.
 * <pre>{@code
 * SqlSanitizer.sanitize("SELECT * FROM users WHERE email = 'ann@example.com'", SqlDialect.POSTGRESQL).text()
 * // SELECT * FROM users WHERE email = ?
 * }</pre>
 */
public final class SqlSanitizer {

	/**
	 * Default limit for the length of {@link SqlStatement#text()}.
	 */
	public static final int DEFAULT_MAX_LENGTH = 2048;

	// Beyond this, the input is not read at all: the statement is cut and marked as truncated.
	private static final int MAX_INPUT_LENGTH = 65_536;

	private static final int MAX_NAME_LENGTH = 128;

	private static final int MAX_OPERATION_LENGTH = 32;

	private static final String TRUNCATED = "...";

	private static final SqlStatement MASKED = new SqlStatement(SqlLexer.MASK, null, null, null,
			fingerprint(SqlLexer.MASK));

	private static final Set<String> TABLE_MODIFIERS = Set.of("TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL",
			"OR", "REPLACE", "EXTERNAL", "FOREIGN", "VIRTUAL");

	private SqlSanitizer() {
	}

	/**
	 * Sanitizes a statement, keeping at most {@link #DEFAULT_MAX_LENGTH} characters of text.
	 * @param sql the statement as executed
	 * @param dialect the lexical rules of the database
	 * @return the sanitized statement, never {@code null}
	 */
	public static SqlStatement sanitize(@Nullable String sql, SqlDialect dialect) {
		return sanitize(sql, dialect, DEFAULT_MAX_LENGTH);
	}

	/**
	 * Sanitizes a statement.
	 * @param sql the statement as executed
	 * @param dialect the lexical rules of the database
	 * @param maxLength the maximum length of the sanitized text; longer text is cut and ends with {@code ...}
	 * @return the sanitized statement, never {@code null}
	 */
	public static SqlStatement sanitize(@Nullable String sql, SqlDialect dialect, int maxLength) {
		if (sql == null || sql.isEmpty()) {
			return MASKED;
		}
		try {
			boolean truncated = sql.length() > MAX_INPUT_LENGTH;
			List<Token> tokens = collapseInLists(
					SqlLexer.tokenize(truncated ? sql.substring(0, MAX_INPUT_LENGTH) : sql, dialect));
			String text = render(tokens);
			String fingerprint = fingerprint(text);
			int limit = Math.max(maxLength, TRUNCATED.length() + 1);
			if (truncated || text.length() > limit) {
				text = text.substring(0, Math.min(text.length(), limit - TRUNCATED.length())) + TRUNCATED;
			}
			return new Summary(tokens).toStatement(text, fingerprint);
		}
		catch (RuntimeException ex) {
			// A bug here must not cost the application its query, nor reveal the statement.
			return MASKED;
		}
	}

	private static List<Token> collapseInLists(List<Token> tokens) {
		List<Token> result = new ArrayList<>(tokens.size());
		int i = 0;
		while (i < tokens.size()) {
			Token token = tokens.get(i);
			result.add(token);
			i++;
			if (token.isWord("IN")) {
				int end = endOfLiteralList(tokens, i);
				if (end > 0) {
					result.add(tokens.get(i));
					result.add(new Token(Type.LITERAL, SqlLexer.MASK, tokens.get(i + 1).spaceBefore()));
					result.add(tokens.get(end - 1));
					i = end;
				}
			}
		}
		return result;
	}

	// "( literal , -literal ... )" starting at i: the index after ")" when there are two literals or more, else -1.
	private static int endOfLiteralList(List<Token> tokens, int i) {
		if (i + 2 >= tokens.size() || !tokens.get(i).isSymbol("(")) {
			return -1;
		}
		int j = i + 1;
		int literals = 0;
		while (j < tokens.size()) {
			if (tokens.get(j).isSymbol("-") || tokens.get(j).isSymbol("+")) {
				j++;
			}
			if (j >= tokens.size() || tokens.get(j).type() != Type.LITERAL) {
				return -1;
			}
			literals++;
			j++;
			if (j < tokens.size() && tokens.get(j).isSymbol(",")) {
				j++;
			}
			else {
				break;
			}
		}
		return (literals >= 2 && j < tokens.size() && tokens.get(j).isSymbol(")")) ? j + 1 : -1;
	}

	private static String render(List<Token> tokens) {
		StringBuilder text = new StringBuilder();
		for (Token token : tokens) {
			if (token.spaceBefore() && !text.isEmpty()) {
				text.append(' ');
			}
			text.append(token.text());
		}
		return text.toString();
	}

	// FNV-1a, 64 bit: stable across JVMs and releases, unlike String.hashCode() mixing.
	static String fingerprint(String text) {
		long hash = 0xcbf29ce484222325L;
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			hash ^= (b & 0xff);
			hash *= 0x100000001b3L;
		}
		return String.format("%016x", hash);
	}

	/**
	 * Reads the operation and target from the tokens of a statement.
	 */
	private static final class Summary {

		private final List<Token> tokens;

		private int position;

		private @Nullable String operation;

		private @Nullable String collection;

		private @Nullable String procedure;

		Summary(List<Token> tokens) {
			this.tokens = tokens;
		}

		SqlStatement toStatement(String text, String fingerprint) {
			summarize();
			return new SqlStatement(text, this.operation, this.collection, this.procedure, fingerprint);
		}

		private void summarize() {
			// JDBC escapes "{call p(?)}", "{? = call f(?)}" and statements in parentheses.
			while (peekSymbol("(") || peekSymbol("{") || peek(Type.PLACEHOLDER) || peekSymbol("=")) {
				this.position++;
			}
			String keyword = nextWord();
			if (keyword == null) {
				return;
			}
			if (keyword.equals("WITH")) {
				skipCommonTableExpressions();
				keyword = nextWord();
				if (keyword == null) {
					return;
				}
			}
			this.operation = keyword;
			switch (keyword) {
				case "SELECT" -> this.collection = tableAfterTopLevelFrom(true);
				case "DELETE" -> this.collection = tableAfterTopLevelFrom(false);
				case "INSERT", "REPLACE", "MERGE", "UPSERT" -> this.collection = tableAfterInto();
				case "UPDATE" -> {
					skipWords("ONLY", "LOW_PRIORITY", "IGNORE");
					this.collection = name();
				}
				case "TRUNCATE" -> {
					skipWords("TABLE", "ONLY");
					this.collection = name();
				}
				case "CREATE", "DROP", "ALTER" -> this.collection = tableAfterDefinition();
				case "CALL", "EXEC", "EXECUTE" -> this.procedure = name();
				default -> {
				}
			}
		}

		private void skipCommonTableExpressions() {
			skipWords("RECURSIVE");
			while (this.position < this.tokens.size()) {
				this.position++; // the name
				if (peekSymbol("(")) {
					skipParentheses(); // column list
				}
				skipWords("AS", "NOT", "MATERIALIZED");
				if (!peekSymbol("(")) {
					return;
				}
				skipParentheses();
				if (!peekSymbol(",")) {
					return;
				}
				this.position++;
			}
		}

		private void skipParentheses() {
			int depth = 0;
			while (this.position < this.tokens.size()) {
				Token token = this.tokens.get(this.position++);
				if (token.isSymbol("(")) {
					depth++;
				}
				else if (token.isSymbol(")") && --depth == 0) {
					return;
				}
			}
		}

		private @Nullable String tableAfterTopLevelFrom(boolean functionsPossible) {
			int depth = 0;
			while (this.position < this.tokens.size()) {
				Token token = this.tokens.get(this.position++);
				if (token.isSymbol("(")) {
					depth++;
				}
				else if (token.isSymbol(")")) {
					depth--;
				}
				else if (depth == 0 && token.isWord("FROM")) {
					skipWords("ONLY");
					String name = name();
					// "FROM generate_series(1, 10)" reads from a function, not a table.
					return (functionsPossible && peekSymbol("(")) ? null : name;
				}
			}
			return null;
		}

		private @Nullable String tableAfterInto() {
			for (int words = 0; words < 4 && this.position < this.tokens.size(); words++) {
				if (this.tokens.get(this.position++).isWord("INTO")) {
					return name();
				}
			}
			return null;
		}

		private @Nullable String tableAfterDefinition() {
			for (int words = 0; words < 4 && this.position < this.tokens.size(); words++) {
				Token token = this.tokens.get(this.position++);
				if (token.isWord("TABLE")) {
					skipWords("IF", "NOT", "EXISTS");
					return name();
				}
				if (token.type() != Type.WORD
						|| !TABLE_MODIFIERS.contains(token.text().toUpperCase(Locale.ROOT))) {
					return null;
				}
			}
			return null;
		}

		// A possibly qualified name (schema.table, "Quoted"."Name") as written.
		private @Nullable String name() {
			StringBuilder name = new StringBuilder();
			while (peek(Type.WORD) || peek(Type.QUOTED_IDENTIFIER)) {
				name.append(this.tokens.get(this.position++).text());
				if (peekSymbol(".") && !this.tokens.get(this.position).spaceBefore()) {
					name.append('.');
					this.position++;
				}
				else {
					break;
				}
			}
			if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.charAt(name.length() - 1) == '.') {
				return null;
			}
			return name.toString();
		}

		private @Nullable String nextWord() {
			if (!peek(Type.WORD)) {
				return null;
			}
			String word = this.tokens.get(this.position++).text();
			if (word.length() > MAX_OPERATION_LENGTH
					|| !word.chars().allMatch((c) -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
				return null;
			}
			return word.toUpperCase(Locale.ROOT);
		}

		private void skipWords(String... words) {
			boolean skipped = true;
			while (skipped && this.position < this.tokens.size()) {
				skipped = false;
				for (String word : words) {
					if (this.tokens.get(this.position).isWord(word)) {
						this.position++;
						skipped = true;
						break;
					}
				}
			}
		}

		private boolean peek(Type type) {
			return this.position < this.tokens.size() && this.tokens.get(this.position).type() == type;
		}

		private boolean peekSymbol(String symbol) {
			return this.position < this.tokens.size() && this.tokens.get(this.position).isSymbol(symbol);
		}

	}

}
