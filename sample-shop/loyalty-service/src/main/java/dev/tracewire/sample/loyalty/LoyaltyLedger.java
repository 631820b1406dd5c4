package dev.tracewire.sample.loyalty;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The loyalty tables: bonus multipliers per product, one ledger row per order, and each customer's balance.
 */
@Repository
class LoyaltyLedger {

	private final JdbcClient jdbc;

	LoyaltyLedger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Loads the bonus multipliers of the given products in one query; products without a bonus are missing.
	 */
	Map<String, BigDecimal> bonuses(Collection<String> skus) {
		Map<String, BigDecimal> bonuses = new HashMap<>();
		this.jdbc.sql("SELECT sku, multiplier FROM sku_bonus WHERE sku IN (:skus)")
			.param("skus", List.copyOf(skus))
			.query((rs) -> {
				bonuses.put(rs.getString("sku"), rs.getBigDecimal("multiplier"));
			});
		return bonuses;
	}

	/**
	 * Loads the same multipliers with one query per product: the N+1 pattern of the {@code n-plus-one} fault.
	 */
	Map<String, BigDecimal> bonusesOneByOne(Collection<String> skus) {
		Map<String, BigDecimal> bonuses = new HashMap<>();
		for (String sku : skus) {
			this.jdbc.sql("SELECT multiplier FROM sku_bonus WHERE sku = ?")
				.param(sku)
				.query(BigDecimal.class)
				.optional()
				.ifPresent((multiplier) -> bonuses.put(sku, multiplier));
		}
		return bonuses;
	}

	/**
	 * Credits the order's points to the customer, once: a redelivered order finds its ledger row and changes
	 * nothing.
	 * @return whether the points were credited now
	 */
	@Transactional
	boolean credit(String orderId, String customerId, long points) {
		int recorded = this.jdbc
			.sql("INSERT INTO points_ledger (order_id, customer_id, points) VALUES (?, ?, ?) "
					+ "ON CONFLICT (order_id) DO NOTHING")
			.params(orderId, customerId, points)
			.update();
		if (recorded == 0) {
			return false;
		}
		this.jdbc
			.sql("INSERT INTO customer_points (customer_id, balance) VALUES (?, ?) "
					+ "ON CONFLICT (customer_id) DO UPDATE SET balance = customer_points.balance + EXCLUDED.balance")
			.params(customerId, points)
			.update();
		return true;
	}

}
