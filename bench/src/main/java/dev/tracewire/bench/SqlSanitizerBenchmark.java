package dev.tracewire.bench;

import java.util.concurrent.TimeUnit;

import dev.tracewire.jdbc.SqlDialect;
import dev.tracewire.jdbc.SqlSanitizer;
import dev.tracewire.jdbc.SqlStatement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sanitizing one statement: a short parameterized query, a query with literals, and a long insert.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SqlSanitizerBenchmark {

	@Param({ "parameterized", "literals", "long-insert" })
	public String statement;

	private String sql;

	@Setup
	public void setUp() {
		this.sql = switch (this.statement) {
			case "parameterized" -> "select p.id, p.name, p.price from products p where p.id = ? and p.active = ?";
			case "literals" -> "SELECT * FROM orders WHERE customer = 'O''Brien' AND total > 100.50 AND status IN "
					+ "('NEW', 'PAID') AND created > DATE '2024-01-01' -- note 'x'";
			default -> "INSERT INTO audit_log (id, actor, action, payload, created_at) VALUES (42, 'alice', "
					+ "'checkout', '{\"card\": \"4111111111111111\", \"items\": [1, 2, 3]}'::jsonb, "
					+ "TIMESTAMP '2024-05-01 10:00:00'), (43, 'bob', 'refund', $$it's {\"x\": 1}$$, now())";
		};
	}

	@Benchmark
	public SqlStatement sanitize() {
		return SqlSanitizer.sanitize(this.sql, SqlDialect.POSTGRESQL);
	}

}
