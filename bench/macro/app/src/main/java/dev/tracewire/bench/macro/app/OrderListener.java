package dev.tracewire.bench.macro.app;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The end of S3's chain: each order record becomes a row in PostgreSQL (the table is created by the
 * infrastructure process).
 */
@Component
class OrderListener {

	private final JdbcTemplate jdbc;

	private final BenchCounters counters;

	OrderListener(JdbcTemplate jdbc, BenchCounters counters) {
		this.jdbc = jdbc;
		this.counters = counters;
	}

	@KafkaListener(topics = "${bench.topic:macro-orders}", groupId = "${bench.group:macro}")
	void onOrder(String value) {
		int colon = value.indexOf(':');
		this.jdbc.update("insert into orders (id, price) values (?, ?)", Long.parseLong(value.substring(0, colon)),
				Integer.parseInt(value.substring(colon + 1)));
		this.counters.inserted.increment();
	}

}
