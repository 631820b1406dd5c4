package dev.tracewire.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tracewire.jdbc.JdbcObservationDocumentation.HighCardinalityKeyNames;
import dev.tracewire.jdbc.JdbcObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry database semantic conventions for Tracewire's JDBC observations: span names such as
 * {@code SELECT products}, {@code db.system.name}, {@code db.namespace}, {@code db.operation.name},
 * {@code db.collection.name} and the sanitized {@code db.query.text}.
 * <p>
 * Observation names: {@code jdbc.query}, {@code jdbc.connection}, {@code jdbc.fetch}, {@code jdbc.transaction}.
 */
public class DefaultJdbcObservationConvention implements JdbcObservationConvention {

	/**
	 * The operation name used when a statement names none.
	 */
	public static final String UNKNOWN_OPERATION = "UNKNOWN";

	@Override
	public String getName(JdbcObservationDocumentation observation) {
		return switch (observation) {
			case QUERY -> "jdbc.query";
			case CONNECTION -> "jdbc.connection";
			case FETCH -> "jdbc.fetch";
			case TRANSACTION -> "jdbc.transaction";
		};
	}

	@Override
	public String getContextualName(JdbcObservationContext context) {
		return switch (context.getDocumentation()) {
			case CONNECTION -> "acquire connection";
			case FETCH -> withTarget("FETCH", context);
			case QUERY, TRANSACTION -> {
				String operation = context.getOperationName();
				yield (operation != null) ? withTarget(operation, context) : context.getDatabase().systemName();
			}
		};
	}

	private static String withTarget(String operation, JdbcObservationContext context) {
		SqlStatement statement = context.getStatement();
		String target = (statement != null) ? statement.target() : null;
		return (target != null) ? operation + " " + target : operation;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JdbcObservationContext context) {
		String operation = context.getOperationName();
		if (context.getDocumentation() == JdbcObservationDocumentation.CONNECTION) {
			operation = "CONNECT";
		}
		else if (context.getDocumentation() == JdbcObservationDocumentation.FETCH) {
			operation = "FETCH";
		}
		return KeyValues.of(LowCardinalityKeyNames.DB_SYSTEM_NAME.withValue(context.getDatabase().systemName()),
				LowCardinalityKeyNames.DB_OPERATION_NAME
					.withValue((operation != null) ? operation : UNKNOWN_OPERATION));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JdbcObservationContext context) {
		List<KeyValue> keyValues = new ArrayList<>();
		DatabaseInfo database = context.getDatabase();
		keyValues.add(HighCardinalityKeyNames.DATASOURCE.withValue(context.getDataSourceName()));
		add(keyValues, HighCardinalityKeyNames.DB_NAMESPACE, database.namespace());
		add(keyValues, HighCardinalityKeyNames.SERVER_ADDRESS, database.serverAddress());
		if (database.serverPort() > 0) {
			keyValues.add(HighCardinalityKeyNames.SERVER_PORT.withValue(String.valueOf(database.serverPort())));
		}
		SqlStatement statement = context.getStatement();
		if (statement != null) {
			add(keyValues, HighCardinalityKeyNames.DB_COLLECTION_NAME, statement.collectionName());
			if (context.getDocumentation() == JdbcObservationDocumentation.QUERY) {
				add(keyValues, HighCardinalityKeyNames.DB_STORED_PROCEDURE_NAME, statement.storedProcedureName());
				keyValues.add(HighCardinalityKeyNames.DB_QUERY_TEXT.withValue(statement.text()));
			}
		}
		if (context.getBatchSize() >= 2) {
			keyValues.add(
					HighCardinalityKeyNames.DB_OPERATION_BATCH_SIZE.withValue(String.valueOf(context.getBatchSize())));
		}
		add(keyValues, HighCardinalityKeyNames.AFFECTED_ROWS, context.getAffectedRows());
		add(keyValues, HighCardinalityKeyNames.DB_RESPONSE_RETURNED_ROWS, context.getReturnedRows());
		add(keyValues, HighCardinalityKeyNames.DB_RESPONSE_STATUS_CODE, context.getSqlState());
		add(keyValues, HighCardinalityKeyNames.ERROR_TYPE, context.getErrorType());
		if (context.isSlow()) {
			keyValues.add(HighCardinalityKeyNames.SLOW_QUERY.withValue("true"));
		}
		for (Map.Entry<String, String> parameter : context.getParameters().entrySet()) {
			keyValues.add(KeyValue.of(String.format(HighCardinalityKeyNames.DB_QUERY_PARAMETER.asString(),
					parameter.getKey()), parameter.getValue()));
		}
		return KeyValues.of(keyValues);
	}

	private static void add(List<KeyValue> keyValues, HighCardinalityKeyNames key, @Nullable Object value) {
		if (value != null) {
			keyValues.add(key.withValue(String.valueOf(value)));
		}
	}

}
