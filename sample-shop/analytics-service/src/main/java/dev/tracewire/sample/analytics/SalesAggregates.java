package dev.tracewire.sample.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The analytics tables: quantity and revenue per product, orders and revenue per minute. Each batch of orders is
 * summed in memory first, then written with one JDBC batch per table.
 */
@Repository
class SalesAggregates {

	// JdbcClient has no batch updates (Spring Framework 7.0): batches go through the template it is built on.
	private final NamedParameterJdbcTemplate batches;

	private final JdbcClient jdbc;

	SalesAggregates(NamedParameterJdbcTemplate batches, JdbcClient jdbc) {
		this.batches = batches;
		this.jdbc = jdbc;
	}

	/**
	 * Adds the orders to the aggregates, in one transaction.
	 */
	@Transactional
	void add(List<OrderPlaced> orders) {
		Map<String, Sales> bySku = new TreeMap<>();
		Map<Instant, Sales> byMinute = new TreeMap<>();
		for (OrderPlaced order : orders) {
			for (OrderPlaced.Item item : order.items()) {
				bySku.merge(item.sku(), new Sales(item.quantity(), item.revenue()), Sales::plus);
			}
			byMinute.merge(order.placedAt().truncatedTo(ChronoUnit.MINUTES), new Sales(1, order.total()), Sales::plus);
		}
		this.batches.batchUpdate("""
				INSERT INTO sales_by_sku (sku, quantity, revenue) VALUES (:key, :count, :revenue)
				ON CONFLICT (sku) DO UPDATE SET quantity = sales_by_sku.quantity + EXCLUDED.quantity,
				    revenue = sales_by_sku.revenue + EXCLUDED.revenue""", parameters(bySku));
		Map<OffsetDateTime, Sales> byMinuteUtc = new TreeMap<>();
		byMinute.forEach((minute, sales) -> byMinuteUtc.put(OffsetDateTime.ofInstant(minute, ZoneOffset.UTC), sales));
		this.batches.batchUpdate("""
				INSERT INTO orders_by_minute (minute, orders, revenue) VALUES (:key, :count, :revenue)
				ON CONFLICT (minute) DO UPDATE SET orders = orders_by_minute.orders + EXCLUDED.orders,
				    revenue = orders_by_minute.revenue + EXCLUDED.revenue""", parameters(byMinuteUtc));
	}

	/**
	 * Returns the products with the highest revenue so far, best first.
	 */
	List<String> topSellers(int count) {
		return this.jdbc.sql("SELECT sku FROM sales_by_sku ORDER BY revenue DESC, sku LIMIT ?")
			.param(count)
			.query(String.class)
			.list();
	}

	private static SqlParameterSource[] parameters(Map<?, Sales> sales) {
		return sales.entrySet()
			.stream()
			.map((entry) -> new MapSqlParameterSource("key", entry.getKey()).addValue("count", entry.getValue().count())
				.addValue("revenue", entry.getValue().revenue()))
			.toArray(SqlParameterSource[]::new);
	}

	private record Sales(long count, BigDecimal revenue) {

		Sales plus(Sales other) {
			return new Sales(this.count + other.count, this.revenue.add(other.revenue));
		}

	}

}
