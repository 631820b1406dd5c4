package dev.tracewire.bench.macro.tools;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The infrastructure process, started on the load core (the runner pins it there): the OTLP span-counting
 * {@link Sink}, a single-node KRaft broker ({@code spring-kafka-test}) with S3's topic, and an embedded
 * PostgreSQL 17 with S3's table. {@code POST /infra/truncate} on the sink's port empties the table between
 * application runs. Prints {@code READY sink=... kafka=host:port postgres=jdbc:...} once everything is up (the
 * broker's port is chosen by the test kit); stops on SIGTERM.
 * <p>
 * Usage: {@code java -cp ... dev.tracewire.bench.macro.tools.Infra [sinkPort] [postgresPort]}.
 */
final class Infra implements AutoCloseable {

	static final String TOPIC = "macro-orders";

	private final Sink sink;

	private final EmbeddedKafkaKraftBroker kafka;

	private final EmbeddedPostgres postgres;

	private Infra(Sink sink, EmbeddedKafkaKraftBroker kafka, EmbeddedPostgres postgres) {
		this.sink = sink;
		this.kafka = kafka;
		this.postgres = postgres;
	}

	public static void main(String[] args) throws Exception {
		int sinkPort = (args.length > 0) ? Integer.parseInt(args[0]) : 14318;
		int postgresPort = (args.length > 1) ? Integer.parseInt(args[1]) : 15491;
		Infra infra = start(sinkPort, postgresPort);
		Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "infra-stop"));
		System.out.println("READY sink=http://127.0.0.1:" + sinkPort + "/v1/traces kafka=" + infra.kafka.getBrokersAsString()
				+ " postgres=jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres");
		System.out.flush();
		Thread.currentThread().join();
	}

	static Infra start(int sinkPort, int postgresPort) throws IOException, SQLException {
		Sink sink = new Sink(sinkPort);
		EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(postgresPort).start();
		execute(postgres, "create table if not exists orders (seq bigserial primary key, id bigint not null, "
				+ "price int not null, created timestamptz not null default now())");
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
		kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
		kafka.brokerProperty("auto.create.topics.enable", "true");
		kafka.afterPropertiesSet();
		sink.addHandler("/infra/truncate", (exchange) -> {
			try {
				execute(postgres, "truncate orders");
				Sink.text(exchange, 200, "truncated\n");
			}
			catch (SQLException ex) {
				Sink.text(exchange, 500, ex.getMessage() + "\n");
			}
			finally {
				exchange.close();
			}
		});
		sink.start();
		return new Infra(sink, kafka, postgres);
	}

	private static void execute(EmbeddedPostgres postgres, String sql) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	@Override
	public void close() {
		this.sink.stop();
		this.kafka.destroy();
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			// Stopping anyway.
		}
	}

}
