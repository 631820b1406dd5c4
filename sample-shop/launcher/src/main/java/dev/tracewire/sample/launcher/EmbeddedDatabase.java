package dev.tracewire.sample.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries from a Maven jar, no Docker) with one database per service, user
 * {@code postgres} without a password. Its data directory is temporary: every start is a fresh shop.
 */
final class EmbeddedDatabase implements AutoCloseable {

	private final EmbeddedPostgres postgres;

	private EmbeddedDatabase(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	/**
	 * Starts PostgreSQL and creates the databases.
	 * @param port the port to listen on
	 * @param databases the databases to create
	 * @return the running server
	 */
	static EmbeddedDatabase start(int port, Collection<String> databases) {
		EmbeddedPostgres postgres;
		try {
			// A demo's data need not survive a crash: no fsync makes schema creation and inserts cheap.
			postgres = EmbeddedPostgres.builder()
				.setPort(port)
				.setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("full_page_writes", "off")
				.setServerConfig("max_connections", "200")
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not start on port " + port, ex);
		}
		EmbeddedDatabase database = new EmbeddedDatabase(postgres);
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			for (String name : databases) {
				statement.execute("CREATE DATABASE " + name);
			}
		}
		catch (SQLException ex) {
			database.close();
			throw new IllegalStateException("Cannot create the shop's databases " + databases, ex);
		}
		return database;
	}

	int port() {
		return this.postgres.getPort();
	}

	@Override
	public void close() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("PostgreSQL did not stop cleanly", ex);
		}
	}

}
