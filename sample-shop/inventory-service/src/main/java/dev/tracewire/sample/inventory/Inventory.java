package dev.tracewire.sample.inventory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tracewire.sample.faults.Faults;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the catalogue, reserves stock and releases it again, each in one transaction with a fixed number of
 * statements whatever the number of lines (so a big order shows four JDBC spans, not one per line).
 */
@Service
public class Inventory {

	/** Fault: the stock query of a reservation takes 2 s longer. */
	static final String SLOW_QUERY = "slow-query";

	private static final int MAX_LINES = 100;

	private static final int MAX_ID_LENGTH = 64;

	private final JdbcClient jdbc;

	private final Faults faults;

	Inventory(JdbcClient jdbc, Faults faults) {
		this.jdbc = jdbc;
		this.faults = faults;
	}

	/**
	 * Returns every product with its stock, by SKU.
	 * @return the catalogue
	 */
	@Transactional(readOnly = true)
	public List<Product> products() {
		return this.jdbc.sql("SELECT sku, name, price, stock FROM products ORDER BY sku").query(Product.class).list();
	}

	/**
	 * Reserves the requested units: locks the products, checks the stock, takes it and records the reservation.
	 * Lines with the same SKU are added up.
	 * @param request the order id and the lines
	 * @return the reservation with prices and total
	 * @throws ReservationException 400 for a missing order id, no lines, an unknown SKU or a quantity below 1,
	 * 409 when a product has too little stock
	 */
	@Transactional
	public Reservation reserve(ReservationRequest request) {
		String orderId = request.orderId();
		if (!isValidId(orderId)) {
			throw ReservationException.invalid("orderId is required (at most " + MAX_ID_LENGTH + " characters)");
		}
		Map<String, Long> wanted = wantedUnits(request.items());
		Map<String, Product> products = lockProducts(wanted.keySet());
		List<Reservation.Line> lines = new ArrayList<>();
		for (Map.Entry<String, Long> entry : wanted.entrySet()) {
			Product product = products.get(entry.getKey());
			if (product == null) {
				throw ReservationException.invalid("Unknown SKU " + entry.getKey());
			}
			if (entry.getValue() > product.stock()) {
				throw ReservationException.outOfStock("Not enough stock for " + product.sku() + ": "
						+ entry.getValue() + " requested, " + product.stock() + " left");
			}
			lines.add(new Reservation.Line(product.sku(), entry.getValue().intValue(), product.price()));
		}
		String[] skus = lines.stream().map(Reservation.Line::sku).toArray(String[]::new);
		Integer[] quantities = lines.stream().map(Reservation.Line::quantity).toArray(Integer[]::new);
		BigDecimal total = lines.stream()
			.map((line) -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		String reservationId = UUID.randomUUID().toString();
		// unnest() turns the two arrays into rows: one statement for all lines.
		this.jdbc.sql("""
				UPDATE products SET stock = stock - line.quantity
				FROM unnest(:skus, :quantities) AS line (sku, quantity)
				WHERE products.sku = line.sku""")
			.param("skus", skus)
			.param("quantities", quantities)
			.update();
		this.jdbc.sql("INSERT INTO reservations (id, order_id, status, total) VALUES (:id, :orderId, 'RESERVED', :total)")
			.param("id", reservationId)
			.param("orderId", orderId)
			.param("total", total)
			.update();
		this.jdbc.sql("""
				INSERT INTO reservation_lines (reservation_id, sku, quantity, unit_price)
				SELECT :id, line.sku, line.quantity, products.price
				FROM unnest(:skus, :quantities) AS line (sku, quantity) JOIN products ON products.sku = line.sku""")
			.param("id", reservationId)
			.param("skus", skus)
			.param("quantities", quantities)
			.update();
		return new Reservation(reservationId, lines, total);
	}

	/**
	 * Releases a reservation: its units go back to stock. A reservation is released at most once.
	 * @param reservationId the id {@link #reserve} returned
	 * @throws ReservationException 404 when no such reservation is held (unknown or already released)
	 */
	@Transactional
	public void release(String reservationId) {
		// Marking it released first locks the reservation's row: two concurrent releases return the stock once.
		int released = isValidId(reservationId) ? this.jdbc
			.sql("UPDATE reservations SET status = 'RELEASED' WHERE id = :id AND status = 'RESERVED'")
			.param("id", reservationId)
			.update() : 0;
		if (released == 0) {
			throw ReservationException.notFound("No reservation " + reservationId + " is held");
		}
		this.jdbc.sql("""
				UPDATE products SET stock = stock + line.quantity
				FROM reservation_lines line
				WHERE line.reservation_id = :id AND products.sku = line.sku""")
			.param("id", reservationId)
			.update();
	}

	// One query for all SKUs. Rows are locked in SKU order, so concurrent reservations cannot deadlock.
	private Map<String, Product> lockProducts(Set<String> skus) {
		// The fault makes PostgreSQL itself wait inside this statement (once, not per row): its span is 2 s longer.
		String slowdown = this.faults.isOn(SLOW_QUERY) ? " AND (SELECT true FROM pg_sleep(2))" : "";
		return this.jdbc
			.sql("SELECT sku, name, price, stock FROM products WHERE sku = ANY(:skus)" + slowdown
					+ " ORDER BY sku FOR UPDATE")
			.param("skus", skus.toArray(String[]::new))
			.query(Product.class)
			.stream()
			.collect(Collectors.toMap(Product::sku, Function.identity()));
	}

	private static Map<String, Long> wantedUnits(@Nullable List<ReservationRequest.@Nullable Item> items) {
		if (items == null || items.isEmpty()) {
			throw ReservationException.invalid("items must list at least one {sku, quantity}");
		}
		if (items.size() > MAX_LINES) {
			throw ReservationException.invalid("At most " + MAX_LINES + " items per reservation");
		}
		Map<String, Long> wanted = new LinkedHashMap<>();
		for (ReservationRequest.Item item : items) {
			if (item == null || !isValidId(item.sku())) {
				throw ReservationException.invalid("Every item needs a sku (at most " + MAX_ID_LENGTH + " characters)");
			}
			Integer quantity = item.quantity();
			if (quantity == null || quantity < 1) {
				throw ReservationException.invalid("Quantity of " + item.sku() + " must be at least 1");
			}
			wanted.merge(item.sku(), quantity.longValue(), Long::sum);
		}
		return wanted;
	}

	// Ids are echoed in messages and sent to PostgreSQL, which refuses NUL characters: keep them short and plain.
	private static boolean isValidId(@Nullable String id) {
		return id != null && !id.isBlank() && id.length() <= MAX_ID_LENGTH
				&& id.chars().noneMatch(Character::isISOControl);
	}

}
