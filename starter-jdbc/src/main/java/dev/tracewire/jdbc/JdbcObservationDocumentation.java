package dev.tracewire.jdbc;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations Tracewire makes for JDBC. Each becomes a CLIENT span through Spring Boot's tracing handlers,
 * and a timer when the application has metrics. Names and key values come from a
 * {@link JdbcObservationConvention} bean, {@link DefaultJdbcObservationConvention} unless the application
 * defines one.
 * <p>
 * Boot's {@code management.observations.enable.jdbc=false} turns them all off, and
 * {@code management.observations.enable.jdbc.query=false} only the statement observations.
 */
public enum JdbcObservationDocumentation implements ObservationDocumentation {

	/**
	 * One statement execution: a query, an update, a batch or a call. Span name {@code <operation> <table>}, for
	 * example {@code SELECT products}.
	 */
	QUERY {
		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeyNames.DB_NAMESPACE, HighCardinalityKeyNames.DB_COLLECTION_NAME,
					HighCardinalityKeyNames.DB_STORED_PROCEDURE_NAME, HighCardinalityKeyNames.DB_QUERY_TEXT,
					HighCardinalityKeyNames.DB_OPERATION_BATCH_SIZE, HighCardinalityKeyNames.AFFECTED_ROWS,
					HighCardinalityKeyNames.DB_RESPONSE_STATUS_CODE, HighCardinalityKeyNames.ERROR_TYPE,
					HighCardinalityKeyNames.SLOW_QUERY, HighCardinalityKeyNames.DB_QUERY_PARAMETER,
					HighCardinalityKeyNames.SERVER_ADDRESS, HighCardinalityKeyNames.SERVER_PORT,
					HighCardinalityKeyNames.DATASOURCE };
		}
	},

	/**
	 * Acquiring a connection from a {@code DataSource} (opt-in): how long the application waited for the pool.
	 * Span name {@code acquire connection}.
	 */
	CONNECTION {
		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeyNames.DB_NAMESPACE, HighCardinalityKeyNames.ERROR_TYPE,
					HighCardinalityKeyNames.SERVER_ADDRESS, HighCardinalityKeyNames.SERVER_PORT,
					HighCardinalityKeyNames.DATASOURCE };
		}
	},

	/**
	 * Reading one result set, from the first {@code next()} until it is exhausted or closed (opt-in). One span per
	 * result set, never per row. Span name {@code FETCH <table>}.
	 */
	FETCH {
		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeyNames.DB_NAMESPACE, HighCardinalityKeyNames.DB_COLLECTION_NAME,
					HighCardinalityKeyNames.DB_RESPONSE_RETURNED_ROWS, HighCardinalityKeyNames.ERROR_TYPE,
					HighCardinalityKeyNames.DATASOURCE };
		}
	},

	/**
	 * A transaction commit or rollback on a connection (opt-in). Span name {@code COMMIT} or {@code ROLLBACK}.
	 */
	TRANSACTION {
		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeyNames.DB_NAMESPACE, HighCardinalityKeyNames.ERROR_TYPE,
					HighCardinalityKeyNames.DATASOURCE };
		}
	};

	@Override
	public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
		return DefaultJdbcObservationConvention.class;
	}

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		return LowCardinalityKeyNames.values();
	}

	/**
	 * Key values that are span attributes and also metric tags: present on every observation, so that every
	 * timer of one name has the same tags.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The database product, as OpenTelemetry names it ({@code postgresql}, {@code h2database}, ...).
		 */
		DB_SYSTEM_NAME {
			@Override
			public String asString() {
				return "db.system.name";
			}
		},

		/**
		 * The operation ({@code SELECT}, {@code BATCH INSERT}, {@code COMMIT}, ...), {@code UNKNOWN} when the
		 * statement names none.
		 */
		DB_OPERATION_NAME {
			@Override
			public String asString() {
				return "db.operation.name";
			}
		}

	}

	/**
	 * Key values recorded on spans only.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/**
		 * The database (catalog) name.
		 */
		DB_NAMESPACE {
			@Override
			public String asString() {
				return "db.namespace";
			}
		},

		/**
		 * The first table the statement works on, as written in it.
		 */
		DB_COLLECTION_NAME {
			@Override
			public String asString() {
				return "db.collection.name";
			}
		},

		/**
		 * The procedure a {@code CALL} or {@code EXEC} statement runs.
		 */
		DB_STORED_PROCEDURE_NAME {
			@Override
			public String asString() {
				return "db.stored_procedure.name";
			}
		},

		/**
		 * The statement with every literal replaced by {@code ?}.
		 */
		DB_QUERY_TEXT {
			@Override
			public String asString() {
				return "db.query.text";
			}
		},

		/**
		 * The number of statements (or parameter sets) in a batch, when there are two or more.
		 */
		DB_OPERATION_BATCH_SIZE {
			@Override
			public String asString() {
				return "db.operation.batch.size";
			}
		},

		/**
		 * Rows inserted, updated or deleted, as the driver reported them.
		 */
		AFFECTED_ROWS {
			@Override
			public String asString() {
				return "tracewire.jdbc.affected_rows";
			}
		},

		/**
		 * Rows read from a result set.
		 */
		DB_RESPONSE_RETURNED_ROWS {
			@Override
			public String asString() {
				return "db.response.returned_rows";
			}
		},

		/**
		 * The SQL state of a failed statement.
		 */
		DB_RESPONSE_STATUS_CODE {
			@Override
			public String asString() {
				return "db.response.status_code";
			}
		},

		/**
		 * What failed: the SQL state, or the exception class when there is none.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		},

		/**
		 * {@code true} when the statement took at least the slow-query threshold.
		 */
		SLOW_QUERY {
			@Override
			public String asString() {
				return "tracewire.jdbc.slow_query";
			}
		},

		/**
		 * A parameter value, only when the application enabled it; {@code %s} is the parameter index or name.
		 */
		DB_QUERY_PARAMETER {
			@Override
			public String asString() {
				return "db.query.parameter.%s";
			}
		},

		/**
		 * The database host, from the JDBC URL.
		 */
		SERVER_ADDRESS {
			@Override
			public String asString() {
				return "server.address";
			}
		},

		/**
		 * The database port, from the JDBC URL.
		 */
		SERVER_PORT {
			@Override
			public String asString() {
				return "server.port";
			}
		},

		/**
		 * The name of the {@code DataSource} bean.
		 */
		DATASOURCE {
			@Override
			public String asString() {
				return "tracewire.jdbc.datasource";
			}
		}

	}

}
