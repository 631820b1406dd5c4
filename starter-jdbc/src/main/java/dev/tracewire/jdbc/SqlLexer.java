package dev.tracewire.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Splits SQL into the tokens the sanitizer needs, replacing every literal with a single {@code ?} token and
 * dropping comments. A hand-written scanner rather than regular expressions, so that quotes inside comments,
 * comment markers inside strings and escaped quotes are each read once, in order.
 * <p>
 * It never fails: an unterminated string, quoted identifier or comment swallows the rest of the input, which is
 * then masked (or dropped) as a whole.
 */
final class SqlLexer {

	enum Type {

		/** A keyword or an unquoted identifier, kept as written. */
		WORD,

		/** A quoted identifier ({@code "name"}, {@code `name`}), kept as written. */
		QUOTED_IDENTIFIER,

		/** A masked literal, rendered as {@code ?}. */
		LITERAL,

		/** A parameter placeholder ({@code ?}, {@code $1}, {@code :name}), kept as written. */
		PLACEHOLDER,

		/** Any other character or operator, kept as written. */
		SYMBOL

	}

	/**
	 * One token.
	 * @param type the kind of token
	 * @param text what is rendered for it
	 * @param spaceBefore whether whitespace or a comment separated it from the previous token
	 */
	record Token(Type type, String text, boolean spaceBefore) {

		boolean isWord(String word) {
			return this.type == Type.WORD && this.text.equalsIgnoreCase(word);
		}

		boolean isSymbol(String symbol) {
			return this.type == Type.SYMBOL && this.text.equals(symbol);
		}

	}

	static final String MASK = "?";

	private enum Backslash {

		/** A backslash is an ordinary character. */
		LITERAL,

		/** A backslash escapes the next character. */
		ESCAPE,

		/** Unknown: a quote after an odd run of backslashes makes the end of the string ambiguous. */
		AMBIGUOUS

	}

	private final String sql;

	private final int length;

	private final SqlDialect dialect;

	private final List<Token> tokens = new ArrayList<>();

	private boolean spaceBefore;

	private SqlLexer(String sql, SqlDialect dialect) {
		this.sql = sql;
		this.length = sql.length();
		this.dialect = dialect;
	}

	/**
	 * Tokenizes a statement.
	 * @param sql the statement
	 * @param dialect the lexical rules to apply
	 * @return the tokens, literals already masked, comments and whitespace gone
	 */
	static List<Token> tokenize(String sql, SqlDialect dialect) {
		SqlLexer lexer = new SqlLexer(sql, dialect);
		lexer.run();
		return lexer.tokens;
	}

	private void run() {
		int i = 0;
		while (i < this.length) {
			i = next(i);
		}
	}

	// Reads one token (or skips whitespace or a comment) starting at i, returns where the next one starts.
	private int next(int i) {
		char c = this.sql.charAt(i);
		if (Character.isWhitespace(c)) {
			this.spaceBefore = true;
			return i + 1;
		}
		if ((c == '-' && charAt(i + 1) == '-') || (c == '#' && this.dialect.hashComments())) {
			return skipLineComment(i);
		}
		if (c == '/' && charAt(i + 1) == '*') {
			return skipBlockComment(i + 2);
		}
		if (c == '\'') {
			return literal(endOfQuoted(i + 1, '\'', stringBackslash()));
		}
		if (c == '"') {
			return this.dialect.doubleQuotedStrings() ? literal(endOfQuoted(i + 1, '"', stringBackslash()))
					: quotedIdentifier(i, '"');
		}
		if (c == '`') {
			return quotedIdentifier(i, '`');
		}
		if (c == '$') {
			return dollar(i);
		}
		if (c == '?') {
			return add(Type.PLACEHOLDER, "?", i + 1);
		}
		if (c == ':') {
			return colon(i);
		}
		if (isDigit(c) || (c == '.' && isDigit(charAt(i + 1)))) {
			return literal(endOfNumber(i));
		}
		if (isIdentifierStart(c)) {
			return word(i);
		}
		return add(Type.SYMBOL, String.valueOf(c), i + 1);
	}

	private int skipLineComment(int i) {
		int j = i;
		while (j < this.length && this.sql.charAt(j) != '\n' && this.sql.charAt(j) != '\r') {
			j++;
		}
		this.spaceBefore = true;
		return j;
	}

	// Block comments nest (PostgreSQL, SQL Server); assuming so elsewhere only ever drops more text, never less.
	private int skipBlockComment(int from) {
		int depth = 1;
		int j = from;
		while (j < this.length && depth > 0) {
			char c = this.sql.charAt(j);
			if (c == '*' && charAt(j + 1) == '/') {
				depth--;
				j += 2;
			}
			else if (c == '/' && charAt(j + 1) == '*') {
				depth++;
				j += 2;
			}
			else {
				j++;
			}
		}
		this.spaceBefore = true;
		return j;
	}

	private Backslash stringBackslash() {
		if (this.dialect.backslashEscapes()) {
			return Backslash.ESCAPE;
		}
		return this.dialect.backslashAmbiguous() ? Backslash.AMBIGUOUS : Backslash.LITERAL;
	}

	/**
	 * Finds the end of a quoted run whose opening quote is just before {@code from}; a doubled quote stands for
	 * one quote.
	 * @return the index after the closing quote, or {@code -1} when the run is unterminated or its end is
	 * ambiguous
	 */
	private int endOfQuoted(int from, char quote, Backslash backslash) {
		int j = from;
		while (j < this.length) {
			char c = this.sql.charAt(j);
			if (c == '\\' && backslash != Backslash.LITERAL) {
				int run = 0;
				while (j + run < this.length && this.sql.charAt(j + run) == '\\') {
					run++;
				}
				if (backslash == Backslash.AMBIGUOUS && run % 2 == 1 && charAt(j + run) == quote) {
					return -1;
				}
				// An escaping backslash also takes the character after it.
				j += (backslash == Backslash.ESCAPE && run % 2 == 1) ? run + 1 : run;
			}
			else if (c == quote) {
				if (charAt(j + 1) != quote) {
					return j + 1;
				}
				j += 2;
			}
			else {
				j++;
			}
		}
		return -1;
	}

	private int quotedIdentifier(int i, char quote) {
		int end = endOfQuoted(i + 1, quote, Backslash.LITERAL);
		if (end < 0) {
			// Unterminated: whatever follows could be anything, mask it.
			return literal(end);
		}
		return add(Type.QUOTED_IDENTIFIER, this.sql.substring(i, end), end);
	}

	private int dollar(int i) {
		char next = charAt(i + 1);
		if (isDigit(next)) {
			int j = i + 1;
			while (isDigit(charAt(j))) {
				j++;
			}
			return add(Type.PLACEHOLDER, this.sql.substring(i, j), j);
		}
		if (this.dialect.dollarQuotedStrings() && !previousIsIdentifierPart(i)) {
			int j = i + 1;
			if (isIdentifierStart(next) && next != '$') {
				while (isIdentifierPart(charAt(j)) && charAt(j) != '$') {
					j++;
				}
			}
			if (charAt(j) == '$') {
				String tag = this.sql.substring(i, j + 1);
				int close = this.sql.indexOf(tag, j + 1);
				return literal((close < 0) ? this.length : close + tag.length());
			}
		}
		return add(Type.SYMBOL, "$", i + 1);
	}

	private int colon(int i) {
		char next = charAt(i + 1);
		if (next == ':') {
			// A PostgreSQL cast: keep "::type".
			return add(Type.SYMBOL, "::", i + 2);
		}
		if (next == '=') {
			return add(Type.SYMBOL, ":=", i + 2);
		}
		if (isIdentifierStart(next) && !previousIsIdentifierPart(i)) {
			int j = i + 1;
			while (isIdentifierPart(charAt(j))) {
				j++;
			}
			return add(Type.PLACEHOLDER, this.sql.substring(i, j), j);
		}
		if (isDigit(next) && this.dialect.numberedBindVariables()) {
			int j = i + 1;
			while (isDigit(charAt(j))) {
				j++;
			}
			return add(Type.PLACEHOLDER, this.sql.substring(i, j), j);
		}
		return add(Type.SYMBOL, ":", i + 1);
	}

	private int endOfNumber(int i) {
		char second = Character.toLowerCase(charAt(i + 1));
		if (this.sql.charAt(i) == '0' && (second == 'x' || second == 'b') && isHexDigit(charAt(i + 2))) {
			int j = i + 2;
			while (isHexDigit(charAt(j))) {
				j++;
			}
			return j;
		}
		int j = i;
		while (isDigit(charAt(j))) {
			j++;
		}
		if (charAt(j) == '.') {
			j++;
			while (isDigit(charAt(j))) {
				j++;
			}
		}
		char exponent = charAt(j);
		if (exponent == 'e' || exponent == 'E') {
			int k = j + 1;
			if (charAt(k) == '+' || charAt(k) == '-') {
				k++;
			}
			if (isDigit(charAt(k))) {
				j = k;
				while (isDigit(charAt(j))) {
					j++;
				}
			}
		}
		return j;
	}

	private int word(int i) {
		int j = i + 1;
		while (isIdentifierPart(charAt(j))) {
			j++;
		}
		String word = this.sql.substring(i, j);
		if (charAt(j) == '\'') {
			Integer end = prefixedString(word, j);
			if (end != null) {
				return literal(end);
			}
		}
		else if (charAt(j) == '&' && charAt(j + 1) == '\'' && word.equalsIgnoreCase("u")) {
			// PostgreSQL Unicode escape string U&'...'.
			return literal(endOfQuoted(j + 2, '\'', Backslash.LITERAL));
		}
		return add(Type.WORD, word, j);
	}

	// A one-letter prefix glued to a string makes it one literal: N'', X'' (hex), B'' (binary), E'' (escapes).
	private @Nullable Integer prefixedString(String word, int quote) {
		String prefix = word.toLowerCase(Locale.ROOT);
		switch (prefix) {
			case "n", "x", "b" -> {
				return endOfQuoted(quote + 1, '\'', stringBackslash());
			}
			case "e" -> {
				return endOfQuoted(quote + 1, '\'', Backslash.ESCAPE);
			}
			case "q", "nq" -> {
				return this.dialect.alternativeQuoting() ? endOfAlternativeQuoting(quote + 1) : null;
			}
			default -> {
				return null;
			}
		}
	}

	// Oracle q'<open>...<close>' where brackets close with their partner and any other character with itself.
	private int endOfAlternativeQuoting(int from) {
		if (from >= this.length) {
			return this.length;
		}
		char open = this.sql.charAt(from);
		char close = switch (open) {
			case '[' -> ']';
			case '{' -> '}';
			case '(' -> ')';
			case '<' -> '>';
			default -> open;
		};
		int end = this.sql.indexOf(close + "'", from + 1);
		return (end < 0) ? this.length : end + 2;
	}

	// Adds a masked literal ending at end; -1 (unterminated) masks the rest of the input.
	private int literal(int end) {
		if (end < 0) {
			end = this.length;
		}
		if (!this.tokens.isEmpty() && this.tokens.get(this.tokens.size() - 1).type() == Type.LITERAL
				&& !this.spaceBefore) {
			// Adjacent literal pieces ('a''b' split by a prefix, 1.5e3 and the like) stay one mask.
			return end;
		}
		return add(Type.LITERAL, MASK, end);
	}

	private int add(Type type, String text, int end) {
		this.tokens.add(new Token(type, text, this.spaceBefore));
		this.spaceBefore = false;
		return end;
	}

	private boolean previousIsIdentifierPart(int i) {
		return i > 0 && isIdentifierPart(this.sql.charAt(i - 1));
	}

	private char charAt(int i) {
		return (i < this.length) ? this.sql.charAt(i) : '\0';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isHexDigit(char c) {
		return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean isIdentifierStart(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c > 127 && Character.isLetter(c));
	}

	private static boolean isIdentifierPart(char c) {
		return isIdentifierStart(c) || isDigit(c) || c == '$' || (c > 127 && Character.isLetterOrDigit(c));
	}

}
