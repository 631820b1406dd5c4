package dev.tracewire.jdbc;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The sanitization corpus: for every statement, no planted literal survives and the shape stays readable (the
 * exact expected text is asserted).
 */
class SqlSanitizerTests {

	/**
	 * A corpus entry.
	 * @param dialect the dialect to sanitize with
	 * @param sql the statement as an application would run it
	 * @param expected the exact sanitized text
	 * @param literals values planted in the statement that must not appear in the sanitized text
	 */
	record Case(SqlDialect dialect, String sql, String expected, List<String> literals) {

		@Override
		public String toString() {
			return this.dialect + ": " + this.sql.replace('\n', ' ');
		}

	}

	static Case pg(String sql, String expected, String... literals) {
		return new Case(SqlDialect.POSTGRESQL, sql, expected, List.of(literals));
	}

	static Case of(SqlDialect dialect, String sql, String expected, String... literals) {
		return new Case(dialect, sql, expected, List.of(literals));
	}

	static Stream<Case> corpus() {
		return Stream.of(
				// Quoted strings, escaped quotes in both styles
				pg("SELECT * FROM users WHERE email = 'ann@example.com'", "SELECT * FROM users WHERE email = ?",
						"ann@example.com"),
				of(SqlDialect.STANDARD, "SELECT * FROM users WHERE name = 'O''Brien' AND city = 'Cork'",
						"SELECT * FROM users WHERE name = ? AND city = ?", "Brien", "Cork"),
				of(SqlDialect.MYSQL, "SELECT * FROM users WHERE name = 'O\\'Brien' AND city = 'Cork'",
						"SELECT * FROM users WHERE name = ? AND city = ?", "Brien", "Cork"),
				of(SqlDialect.MYSQL, "SELECT * FROM users WHERE note = 'ends with backslash \\\\' AND x = 'Kerry'",
						"SELECT * FROM users WHERE note = ? AND x = ?", "backslash", "Kerry"),
				of(SqlDialect.MYSQL, "SELECT * FROM users WHERE nick = \"double quoted Dublin\"",
						"SELECT * FROM users WHERE nick = ?", "Dublin"),
				pg("SELECT * FROM files WHERE path = 'C:\\' AND owner = 'zoe-owner'",
						"SELECT * FROM files WHERE path = ? AND owner = ?", "zoe-owner"),
				of(SqlDialect.UNKNOWN, "SELECT * FROM files WHERE path = 'C:\\' AND owner = 'zoe-owner'",
						"SELECT * FROM files WHERE path = ?", "zoe-owner"),
				of(SqlDialect.UNKNOWN, "SELECT * FROM t WHERE a = 'it\\'s Galway' AND b = 'Limerick'",
						"SELECT * FROM t WHERE a = ?", "Galway", "Limerick"),
				pg("SELECT * FROM t WHERE note = E'it\\'s hidden Sligo'", "SELECT * FROM t WHERE note = ?", "Sligo"),
				pg("SELECT U&'d\\0061t\\+000061 Wexford'", "SELECT ?", "Wexford"),
				of(SqlDialect.SQL_SERVER, "SELECT * FROM customers WHERE name = N'Zoë Áine'",
						"SELECT * FROM customers WHERE name = ?", "Zoë", "Áine"),
				of(SqlDialect.MYSQL, "SELECT _utf8mb4'introduced Mayo'", "SELECT _utf8mb4?", "Mayo"),
				// Dollar-quoted strings
				pg("SELECT $$dollar Clare$$ AS x", "SELECT ? AS x", "Clare"),
				pg("DO $body$ BEGIN RAISE NOTICE 'tagged Kildare'; END $body$", "DO ?", "Kildare"),
				pg("SELECT $a$ has $$ inside Meath $a$, 2", "SELECT ?, ?", "Meath"),
				// Comments holding literals
				pg("SELECT id FROM users -- password 'hunter2'\nWHERE id = 7", "SELECT id FROM users WHERE id = ?",
						"hunter2", "password"),
				pg("SELECT /* customer alice@example.org */ id FROM users", "SELECT id FROM users",
						"alice@example.org", "customer"),
				pg("SELECT /* outer /* inner 'Laois' */ still Offaly */ 1", "SELECT ?", "Laois", "Offaly"),
				pg("SELECT id FROM t /* dangling Cavan", "SELECT id FROM t", "Cavan"),
				of(SqlDialect.MYSQL, "SELECT id FROM t # trailing Louth\nWHERE a = 1", "SELECT id FROM t WHERE a = ?",
						"Louth"),
				pg("SELECT '--not a comment Monaghan', '/* nor Leitrim */' FROM t WHERE a = 1",
						"SELECT ?, ? FROM t WHERE a = ?", "Monaghan", "Leitrim"),
				pg("SELECT a FROM t -- it's fine\nWHERE b = 'Roscommon'", "SELECT a FROM t WHERE b = ?", "Roscommon"),
				// Numbers, hex and binary
				pg("UPDATE accounts SET balance = balance - 250.75, score = 1e10 WHERE id = 42",
						"UPDATE accounts SET balance = balance - ?, score = ? WHERE id = ?", "250.75", "1e10", "42"),
				pg("SELECT * FROM t WHERE x > -3.5 AND y < .25 AND z = 6.02E-23", "SELECT * FROM t WHERE x > -? AND y < ? AND z = ?",
						"3.5", ".25", "6.02E-23"),
				of(SqlDialect.MYSQL, "SELECT * FROM t WHERE flags = 0xFF00 AND bits = 0b1011",
						"SELECT * FROM t WHERE flags = ? AND bits = ?", "FF00", "1011"),
				pg("SELECT * FROM t WHERE h = X'DEADBEEF' AND b = B'101101'", "SELECT * FROM t WHERE h = ? AND b = ?",
						"DEADBEEF", "101101"),
				pg("SELECT col1, t2.col_3 FROM table9 t2", "SELECT col1, t2.col_3 FROM table9 t2"),
				// IN lists
				pg("SELECT * FROM products WHERE id IN (101, 202, 303)", "SELECT * FROM products WHERE id IN (?)", "101",
						"202", "303"),
				pg("DELETE FROM sessions WHERE token IN ('tok-aaa', 'tok-bbb')", "DELETE FROM sessions WHERE token IN (?)",
						"tok-aaa", "tok-bbb"),
				pg("SELECT * FROM t WHERE a NOT IN (-17, -29)", "SELECT * FROM t WHERE a NOT IN (?)", "17", "29"),
				pg("SELECT * FROM t WHERE id IN (?, ?, ?)", "SELECT * FROM t WHERE id IN (?, ?, ?)"),
				// JSON
				pg("INSERT INTO events (payload) VALUES ('{\"user\": \"ann\", \"card\": \"4111111111111111\"}')",
						"INSERT INTO events (payload) VALUES (?)", "ann", "4111111111111111"),
				pg("SELECT payload->>'email' FROM events WHERE payload @> '{\"plan\": \"gold\"}'::jsonb",
						"SELECT payload->>? FROM events WHERE payload @> ?::jsonb", "email", "gold"),
				of(SqlDialect.MYSQL, "SELECT JSON_EXTRACT(doc, '$.owner') FROM docs WHERE doc = JSON_OBJECT('k', 'Kilkenny')",
						"SELECT JSON_EXTRACT(doc, ?) FROM docs WHERE doc = JSON_OBJECT(?, ?)", "owner", "Kilkenny"),
				// Dates and times
				pg("SELECT * FROM orders WHERE created > DATE '2024-01-01'", "SELECT * FROM orders WHERE created > DATE ?",
						"2024-01-01"),
				pg("SELECT * FROM orders WHERE created BETWEEN TIMESTAMP '2024-01-01 10:00:00' AND TIMESTAMP '2024-02-01 00:00:00'",
						"SELECT * FROM orders WHERE created BETWEEN TIMESTAMP ? AND TIMESTAMP ?", "2024-01-01",
						"10:00:00", "2024-02-01"),
				pg("SELECT now() - INTERVAL '3 days'", "SELECT now() - INTERVAL ?", "3 days"),
				of(SqlDialect.STANDARD, "SELECT * FROM t WHERE d = {ts '2024-05-01 12:00:00'}",
						"SELECT * FROM t WHERE d = {ts ?}", "2024-05-01"),
				// PostgreSQL casts, arrays
				pg("SELECT '1'::int, 42::bigint, CAST('7' AS integer)", "SELECT ?::int, ?::bigint, CAST(? AS integer)",
						"42"),
				pg("SELECT * FROM t WHERE tags && ARRAY['red', 'blue'] AND arr[1:2] = '{1,2}'",
						"SELECT * FROM t WHERE tags && ARRAY[?, ?] AND arr[?:?] = ?", "red", "blue", "{1,2}"),
				// Placeholders stay as written
				pg("SELECT * FROM orders WHERE id = $1 AND status = $2", "SELECT * FROM orders WHERE id = $1 AND status = $2"),
				pg("SELECT * FROM orders WHERE id = :orderId AND total > 100",
						"SELECT * FROM orders WHERE id = :orderId AND total > ?", "100"),
				pg("SELECT * FROM orders WHERE id = ? AND status = 'PAID'", "SELECT * FROM orders WHERE id = ? AND status = ?",
						"PAID"),
				of(SqlDialect.ORACLE, "SELECT * FROM emp WHERE empno = :1 AND ename = 'SCOTT'",
						"SELECT * FROM emp WHERE empno = :1 AND ename = ?", "SCOTT"),
				of(SqlDialect.ORACLE, "SELECT q'[it's q Tipperary]', q'{braces Waterford}' FROM dual", "SELECT ?, ? FROM dual",
						"Tipperary", "Waterford"),
				// Identifiers stay as written
				pg("SELECT \"Id\", \"e-mail\" FROM \"Customers\" WHERE \"Id\" = 99",
						"SELECT \"Id\", \"e-mail\" FROM \"Customers\" WHERE \"Id\" = ?", "99"),
				of(SqlDialect.MYSQL, "SELECT `name` FROM `users` WHERE `age` > 30", "SELECT `name` FROM `users` WHERE `age` > ?",
						"30"),
				of(SqlDialect.SQL_SERVER, "SELECT [first name] FROM [dbo].[customers] WHERE [id] = 5",
						"SELECT [first name] FROM [dbo].[customers] WHERE [id] = ?"),
				pg("UPDATE users SET active = TRUE, deleted_at = NULL WHERE id = 3",
						"UPDATE users SET active = TRUE, deleted_at = NULL WHERE id = ?"),
				// Whole statements with personal data
				pg("INSERT INTO payments (card, email, amount) VALUES ('4111-1111-1111-1111', 'bob@example.net', 19.99)",
						"INSERT INTO payments (card, email, amount) VALUES (?, ?, ?)", "4111-1111-1111-1111",
						"bob@example.net", "19.99"),
				pg("INSERT INTO t (a, b) VALUES (1, 'Antrim'), (2, 'Armagh')", "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)",
						"Antrim", "Armagh"),
				pg("WITH recent AS (SELECT * FROM orders WHERE total > 500) SELECT * FROM recent WHERE region = 'EU-West'",
						"WITH recent AS (SELECT * FROM orders WHERE total > ?) SELECT * FROM recent WHERE region = ?",
						"500", "EU-West"),
				pg("{call update_stock(?, 5, 'Derry')}", "{call update_stock(?, ?, ?)}", "Derry"),
				pg("SELECT\n  id,\n  name\nFROM\tusers\r\nWHERE  id = 12345", "SELECT id, name FROM users WHERE id = ?",
						"12345"),
				// Broken SQL: the rest is masked
				pg("SELECT * FROM t WHERE name = 'unterminated Fermanagh", "SELECT * FROM t WHERE name = ?", "Fermanagh"),
				pg("SELECT \"broken FROM t WHERE x = 'Tyrone'", "SELECT ?", "Tyrone"),
				pg("SELECT $$never closed Down", "SELECT ?", "Down"),
				of(SqlDialect.MYSQL, "SELECT 'escape at the very end \\", "SELECT ?", "very end"),
				of(SqlDialect.ORACLE, "SELECT q'[never closed Westmeath", "SELECT ?", "Westmeath"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void masksEveryLiteralAndKeepsTheShape(Case example) {
		String text = SqlSanitizer.sanitize(example.sql(), example.dialect()).text();
		assertThat(text).isEqualTo(example.expected());
		assertNoLiteral(text, example);
	}

	private static void assertNoLiteral(String text, Case example) {
		for (String literal : example.literals()) {
			assertThat(text).as("sanitized %s", example.sql()).doesNotContain(literal);
		}
	}

	@Test
	void corpusHasAtLeastFortyStatements() {
		assertThat(corpus().count()).isGreaterThanOrEqualTo(40);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void everyPrefixOfAStatementIsSanitizedWithoutFailureOrLeak(Case example) {
		for (int end = 0; end <= example.sql().length(); end++) {
			String prefix = example.sql().substring(0, end);
			assertNoLiteral(SqlSanitizer.sanitize(prefix, example.dialect()).text(), example);
		}
	}

	@Test
	void randomInputNeverFails() {
		Random random = new Random(42);
		String alphabet = "'\"`$\\-/*#:?()[]{}.,;=<>xXbBeEnNqQuU&0123456789 \n\tSELECT FROM WHERE IN";
		for (int i = 0; i < 20_000; i++) {
			StringBuilder sql = new StringBuilder();
			int length = random.nextInt(60);
			for (int j = 0; j < length; j++) {
				sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			for (SqlDialect dialect : SqlDialect.values()) {
				assertThatNoException().as(sql.toString())
					.isThrownBy(() -> SqlSanitizer.sanitize(sql.toString(), dialect));
			}
		}
	}

	@Test
	void nullAndEmptyStatementsAreMasked() {
		assertThat(SqlSanitizer.sanitize(null, SqlDialect.POSTGRESQL).text()).isEqualTo("?");
		assertThat(SqlSanitizer.sanitize("", SqlDialect.POSTGRESQL).text()).isEqualTo("?");
	}

	@Test
	void longStatementsAreCutAfterSanitizing() {
		StringBuilder sql = new StringBuilder("INSERT INTO t (a) VALUES ");
		for (int i = 0; i < 50_000; i++) {
			sql.append("('secret-").append(i).append("'),");
		}
		SqlStatement statement = SqlSanitizer.sanitize(sql.toString(), SqlDialect.POSTGRESQL, 100);
		assertThat(statement.text()).hasSize(100).startsWith("INSERT INTO t (a) VALUES (?),(?)").endsWith("...");
		assertThat(statement.text()).doesNotContain("secret");
		assertThat(statement.collectionName()).isEqualTo("t");
	}

	@Test
	void statementsOfTheSameShapeShareAFingerprint() {
		SqlStatement first = SqlSanitizer.sanitize("SELECT * FROM items WHERE order_id = 1", SqlDialect.POSTGRESQL);
		SqlStatement second = SqlSanitizer.sanitize("SELECT * FROM items  WHERE order_id = 2 -- again",
				SqlDialect.POSTGRESQL);
		SqlStatement other = SqlSanitizer.sanitize("SELECT * FROM items WHERE id = 1", SqlDialect.POSTGRESQL);
		assertThat(first.fingerprint()).hasSize(16).isEqualTo(second.fingerprint()).isNotEqualTo(other.fingerprint());
	}

	static Stream<Arguments> summaries() {
		return Stream.of(Arguments.of("SELECT * FROM products WHERE id = ?", "SELECT", "products", null),
				Arguments.of("select p.name from shop.products p join stock s on s.id = p.id", "SELECT",
						"shop.products", null),
				Arguments.of("SELECT count(*) FROM (SELECT * FROM t) x", "SELECT", null, null),
				Arguments.of("SELECT EXTRACT(YEAR FROM created) FROM orders", "SELECT", "orders", null),
				Arguments.of("SELECT * FROM generate_series(1, 10)", "SELECT", null, null),
				Arguments.of("SELECT 1", "SELECT", null, null),
				Arguments.of("INSERT INTO orders (id) VALUES (?)", "INSERT", "orders", null),
				Arguments.of("INSERT IGNORE INTO `orders` VALUES (?)", "INSERT", "`orders`", null),
				Arguments.of("UPDATE ONLY \"Orders\" SET a = 1", "UPDATE", "\"Orders\"", null),
				Arguments.of("DELETE FROM sessions WHERE id = ?", "DELETE", "sessions", null),
				Arguments.of("MERGE INTO stock USING incoming ON (1 = 1)", "MERGE", "stock", null),
				Arguments.of("WITH RECURSIVE tree (id) AS (SELECT id FROM nodes) SELECT * FROM tree", "SELECT",
						"tree", null),
				Arguments.of("WITH a AS (SELECT 1), b AS (SELECT 2) DELETE FROM c", "DELETE", "c", null),
				Arguments.of("CREATE TABLE IF NOT EXISTS products (id int)", "CREATE", "products", null),
				Arguments.of("CREATE TEMPORARY TABLE scratch (id int)", "CREATE", "scratch", null),
				Arguments.of("CREATE INDEX idx ON products (id)", "CREATE", null, null),
				Arguments.of("DROP TABLE products", "DROP", "products", null),
				Arguments.of("TRUNCATE TABLE audit", "TRUNCATE", "audit", null),
				Arguments.of("{call update_stock(?, ?)}", "CALL", null, "update_stock"),
				Arguments.of("{? = call next_id(?)}", "CALL", null, "next_id"),
				Arguments.of("CALL archive.move_orders(?)", "CALL", null, "archive.move_orders"),
				Arguments.of("EXEC dbo.reindex @p = 1", "EXEC", null, "dbo.reindex"),
				Arguments.of("(SELECT a FROM x) UNION (SELECT a FROM y)", "SELECT", "x", null),
				Arguments.of("COMMIT", "COMMIT", null, null),
				Arguments.of("'not sql", null, null, null), Arguments.of("", null, null, null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("summaries")
	void namesTheOperationAndTheFirstTable(String sql, String operation, String collection, String procedure) {
		SqlStatement statement = SqlSanitizer.sanitize(sql, SqlDialect.POSTGRESQL);
		assertThat(statement.operationName()).isEqualTo(operation);
		assertThat(statement.collectionName()).isEqualTo(collection);
		assertThat(statement.storedProcedureName()).isEqualTo(procedure);
	}

}
