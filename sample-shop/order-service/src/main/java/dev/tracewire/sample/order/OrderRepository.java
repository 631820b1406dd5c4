package dev.tracewire.sample.order;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores orders and their lines in PostgreSQL (tables {@code orders} and {@code order_lines}, see
 * {@code schema.sql}) with {@link JdbcClient}. JDBC blocks, so every call runs on {@code boundedElastic}.
 */
@Repository
class OrderRepository {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	OrderRepository(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Inserts the order and its lines in one transaction.
	 */
	Mono<Void> save(Order order) {
		return Mono.fromRunnable(() -> this.transactions.executeWithoutResult((status) -> insert(order)))
			.subscribeOn(Schedulers.boundedElastic())
			.then();
	}

	/**
	 * Reads an order with its lines back; empty when there is no such order.
	 */
	Mono<Order> find(String orderId) {
		return Mono.fromCallable(() -> load(orderId)).subscribeOn(Schedulers.boundedElastic());
	}

	private void insert(Order order) {
		this.jdbc.sql("""
				INSERT INTO orders (id, customer_id, email, status, total, currency, placed_at)
				VALUES (:id, :customerId, :email, :status, :total, :currency, :placedAt)""")
			.param("id", order.orderId())
			.param("customerId", order.customerId())
			.param("email", order.email())
			.param("status", order.status())
			.param("total", order.total())
			.param("currency", order.currency())
			.param("placedAt", Timestamp.from(order.placedAt()))
			.update();
		// All lines in one statement: one round trip, and a long order is no N+1 pattern.
		String rows = String.join(", ", Collections.nCopies(order.items().size(), "(?, ?, ?, ?, ?)"));
		List<Object> values = new ArrayList<>();
		int lineNumber = 1;
		for (Order.Line line : order.items()) {
			values.addAll(List.of(order.orderId(), lineNumber++, line.sku(), line.quantity(), line.unitPrice()));
		}
		this.jdbc.sql("INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price) VALUES " + rows)
			.params(values)
			.update();
	}

	private @Nullable Order load(String orderId) {
		return this.jdbc.sql("""
				SELECT id, customer_id, email, status, total, currency, placed_at
				FROM orders WHERE id = ?""")
			.param(orderId)
			.query((rs, row) -> new Order(rs.getString("id"), rs.getString("customer_id"), rs.getString("email"),
					rs.getString("status"), rs.getBigDecimal("total"), rs.getString("currency"),
					rs.getTimestamp("placed_at").toInstant(), List.of()))
			.optional()
			.map((order) -> order.withItems(lines(orderId)))
			.orElse(null);
	}

	private List<Order.Line> lines(String orderId) {
		return this.jdbc.sql("SELECT sku, quantity, unit_price FROM order_lines WHERE order_id = ? ORDER BY line_no")
			.param(orderId)
			.query((rs, row) -> new Order.Line(rs.getString("sku"), rs.getInt("quantity"),
					rs.getBigDecimal("unit_price")))
			.list();
	}

}
