package dev.tracewire.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What a span says about the database behind a {@code DataSource}: its OpenTelemetry {@code db.system.name}, the
 * database ({@code db.namespace}) and the server address, read once from the first connection's metadata.
 *
 * @param systemName the {@code db.system.name} value, {@code other_sql} when the product is not recognised
 * @param dialect the lexical rules used to sanitize its SQL
 * @param namespace the database (catalog) name, or {@code null}
 * @param serverAddress the host from the JDBC URL, or {@code null} (embedded databases, unusual URLs)
 * @param serverPort the port from the JDBC URL, or {@code -1}
 */
public record DatabaseInfo(String systemName, SqlDialect dialect, @Nullable String namespace,
		@Nullable String serverAddress, int serverPort) {

	/**
	 * Information used before the first connection, or when the metadata cannot be read.
	 */
	public static final DatabaseInfo UNKNOWN = new DatabaseInfo("other_sql", SqlDialect.UNKNOWN, null, null, -1);

	private static final int MAX_HOST_LENGTH = 253;

	/**
	 * Reads the information from a connection's metadata; never throws.
	 * @param connection an open connection (not a proxy of ours, so that nothing is traced)
	 * @return the information, {@link #UNKNOWN} where it cannot be read
	 */
	static DatabaseInfo of(Connection connection) {
		try {
			DatabaseMetaData metaData = connection.getMetaData();
			String product = String.valueOf(metaData.getDatabaseProductName());
			String system = systemName(product);
			String url = metaData.getURL();
			HostAndPort server = (url != null) ? HostAndPort.fromJdbcUrl(url) : null;
			return new DatabaseInfo(system, dialect(system), catalog(connection),
					(server != null) ? server.host() : null, (server != null) ? server.port() : -1);
		}
		catch (Exception | LinkageError ex) {
			return UNKNOWN;
		}
	}

	private static @Nullable String catalog(Connection connection) {
		try {
			String catalog = connection.getCatalog();
			return (catalog != null && !catalog.isBlank()) ? catalog : null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	static String systemName(String productName) {
		String product = productName.toLowerCase(Locale.ROOT);
		if (product.contains("postgres")) {
			return "postgresql";
		}
		if (product.contains("mariadb")) {
			return "mariadb";
		}
		if (product.contains("mysql")) {
			return "mysql";
		}
		if (product.contains("oracle")) {
			return "oracle.db";
		}
		if (product.contains("sql server")) {
			return "microsoft.sql_server";
		}
		if (product.equals("h2")) {
			return "h2database";
		}
		if (product.startsWith("hsql")) {
			return "hsqldb";
		}
		if (product.contains("derby")) {
			return "derby";
		}
		if (product.startsWith("db2")) {
			return "ibm.db2";
		}
		if (product.contains("sqlite")) {
			return "sqlite";
		}
		return UNKNOWN.systemName();
	}

	static SqlDialect dialect(String systemName) {
		return switch (systemName) {
			case "postgresql" -> SqlDialect.POSTGRESQL;
			case "mysql", "mariadb" -> SqlDialect.MYSQL;
			case "oracle.db" -> SqlDialect.ORACLE;
			case "microsoft.sql_server" -> SqlDialect.SQL_SERVER;
			case "h2database", "hsqldb", "derby", "ibm.db2", "sqlite" -> SqlDialect.STANDARD;
			default -> SqlDialect.UNKNOWN;
		};
	}

	/**
	 * The first host and port of a JDBC URL's {@code //authority} part; user info and everything after the
	 * authority (database, parameters, credentials) are never read.
	 */
	record HostAndPort(String host, int port) {

		static @Nullable HostAndPort fromJdbcUrl(String url) {
			int start = url.indexOf("//");
			if (start < 0) {
				return null;
			}
			start += 2;
			int end = start;
			while (end < url.length() && "/?;,".indexOf(url.charAt(end)) < 0) {
				end++;
			}
			String authority = url.substring(start, end);
			authority = authority.substring(authority.lastIndexOf('@') + 1);
			String host = authority;
			int port = -1;
			if (authority.startsWith("[")) {
				int close = authority.indexOf(']');
				if (close < 0) {
					return null;
				}
				host = authority.substring(1, close);
				port = port(authority.substring(close + 1));
			}
			else if (authority.indexOf(':') >= 0) {
				host = authority.substring(0, authority.indexOf(':'));
				port = port(authority.substring(authority.indexOf(':')));
			}
			if (host.isEmpty() || host.length() > MAX_HOST_LENGTH
					|| !host.chars().allMatch((c) -> Character.isLetterOrDigit(c) || ".-_:%".indexOf(c) >= 0)) {
				return null;
			}
			return new HostAndPort(host, port);
		}

		private static int port(String colonAndPort) {
			if (colonAndPort.length() < 2 || colonAndPort.length() > 6 || colonAndPort.charAt(0) != ':'
					|| !colonAndPort.substring(1).chars().allMatch(Character::isDigit)) {
				return -1;
			}
			int port = Integer.parseInt(colonAndPort.substring(1));
			return (port <= 65_535) ? port : -1;
		}

	}

}
