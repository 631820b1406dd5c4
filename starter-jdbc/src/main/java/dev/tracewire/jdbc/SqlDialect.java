package dev.tracewire.jdbc;

/**
 * The lexical rules of a family of SQL databases, as far as they decide where a literal or a comment ends.
 * <p>
 * Where databases disagree, a wrong guess must never reveal a literal: {@link #UNKNOWN} masks the rest of the
 * statement when a string could end in two places (a backslash before a quote).
 */
public enum SqlDialect {

	/**
	 * PostgreSQL and compatible servers: standard strings, {@code E'...'} escape strings, dollar-quoted strings.
	 */
	POSTGRESQL,

	/**
	 * MySQL and MariaDB: backslash escapes, double-quoted strings, {@code #} comments.
	 */
	MYSQL,

	/**
	 * Oracle: standard strings, {@code q'[...]'} alternative quoting, {@code :1} bind variables.
	 */
	ORACLE,

	/**
	 * Microsoft SQL Server: standard strings.
	 */
	SQL_SERVER,

	/**
	 * Databases known to follow standard SQL string rules (H2, HSQLDB, Derby, DB2, SQLite).
	 */
	STANDARD,

	/**
	 * An unknown database: standard rules, and the rest of the statement is masked where a backslash makes the
	 * end of a string ambiguous.
	 */
	UNKNOWN;

	boolean backslashEscapes() {
		return this == MYSQL;
	}

	boolean backslashAmbiguous() {
		return this == UNKNOWN;
	}

	boolean doubleQuotedStrings() {
		return this == MYSQL;
	}

	boolean hashComments() {
		return this == MYSQL;
	}

	boolean dollarQuotedStrings() {
		// MySQL allows '$' in identifiers, elsewhere "$tag$" only opens a dollar-quoted string.
		return this != MYSQL;
	}

	boolean alternativeQuoting() {
		return this == ORACLE;
	}

	boolean numberedBindVariables() {
		return this == ORACLE;
	}

}
