package dev.tracewire.sample.launcher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * With {@code --external}: makes the shop's databases and topic on the user's PostgreSQL and Kafka when they are
 * missing, with the same environment variables the services' {@code external} profile reads.
 */
final class ExternalInfrastructure {

	private ExternalInfrastructure() {
	}

	/**
	 * Creates what is missing; problems are reported as notes, since the user may have made everything already.
	 * @param databases the databases the services need
	 * @param listener told what happened
	 */
	static void prepare(List<String> databases, StartupListener listener) {
		createDatabases(databases, listener);
		createTopic(listener);
	}

	private static void createDatabases(List<String> databases, StartupListener listener) {
		String url = env("SHOP_POSTGRES_URL", "jdbc:postgresql://localhost:5432") + "/postgres";
		try (Connection connection = DriverManager.getConnection(url, env("SHOP_POSTGRES_USERNAME", "postgres"),
				env("SHOP_POSTGRES_PASSWORD", ""));
				PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
				Statement create = connection.createStatement()) {
			for (String database : databases) {
				exists.setString(1, database);
				try (ResultSet result = exists.executeQuery()) {
					if (!result.next()) {
						create.execute("CREATE DATABASE " + database);
						listener.note("Created database " + database + " at " + url);
					}
				}
			}
		}
		catch (SQLException ex) {
			listener.note("Could not check the databases " + databases + " at " + url + " (" + ex.getMessage()
					+ "); the services expect them to exist.");
		}
	}

	private static void createTopic(StartupListener listener) {
		String servers = env("SHOP_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				10_000))) {
			admin
				.createTopics(List.of(new NewTopic(EmbeddedKafka.TOPIC, Optional.of(EmbeddedKafka.PARTITIONS),
						Optional.empty())))
				.all()
				.get(15, TimeUnit.SECONDS);
			listener.note("Created topic " + EmbeddedKafka.TOPIC + " at " + servers);
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				listener.note("Could not create topic " + EmbeddedKafka.TOPIC + " at " + servers + ": "
						+ ex.getCause().getMessage());
			}
		}
		catch (TimeoutException | RuntimeException ex) {
			listener.note("Could not reach Kafka at " + servers + " to create topic " + EmbeddedKafka.TOPIC + ": "
					+ ((ex.getCause() != null) ? ex.getCause() : ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
