package dev.tracewire.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseInfoTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", value = {
			"jdbc:postgresql://db.internal:5433/shop?user=app&password=s3cret | db.internal | 5433",
			"jdbc:postgresql://localhost/shop | localhost | -1",
			"jdbc:mysql://app:s3cret@mysql-1:3306,mysql-2:3306/shop | mysql-1 | 3306",
			"jdbc:sqlserver://sql.example.com:1433;databaseName=shop;password=s3cret | sql.example.com | 1433",
			"jdbc:oracle:thin:@//ora.example.com:1521/SERVICE | ora.example.com | 1521",
			"jdbc:postgresql://[::1]:5432/shop | ::1 | 5432",
			"jdbc:postgresql://host:99999/shop | host | -1",
			"jdbc:h2:mem:testdb | null | -1", "jdbc:oracle:thin:@ora:1521:SID | null | -1",
			"jdbc:postgresql://bad host/x | null | -1" })
	void readsOnlyTheFirstHostAndPortOfAJdbcUrl(String url, String host, int port) {
		DatabaseInfo.HostAndPort server = DatabaseInfo.HostAndPort.fromJdbcUrl(url);
		if (host == null) {
			assertThat(server).isNull();
			return;
		}
		assertThat(server).isNotNull();
		assertThat(server.host()).isEqualTo(host);
		assertThat(server.port()).isEqualTo(port);
	}

	@ParameterizedTest
	@CsvSource({ "PostgreSQL, postgresql, POSTGRESQL", "MySQL, mysql, MYSQL", "MariaDB, mariadb, MYSQL",
			"H2, h2database, STANDARD", "Oracle, oracle.db, ORACLE", "Microsoft SQL Server, microsoft.sql_server, SQL_SERVER",
			"HSQL Database Engine, hsqldb, STANDARD", "Apache Derby, derby, STANDARD", "DB2/LINUXX8664, ibm.db2, STANDARD",
			"SQLite, sqlite, STANDARD", "SomethingElse, other_sql, UNKNOWN" })
	void namesTheDatabaseSystemAsOpenTelemetryDoes(String product, String system, SqlDialect dialect) {
		assertThat(DatabaseInfo.systemName(product)).isEqualTo(system);
		assertThat(DatabaseInfo.dialect(system)).isEqualTo(dialect);
	}

}
