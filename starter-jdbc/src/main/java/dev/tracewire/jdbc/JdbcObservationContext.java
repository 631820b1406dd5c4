package dev.tracewire.jdbc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link JdbcObservationConvention} gets to name and tag one JDBC observation. A sender context of kind
 * CLIENT, so that Spring Boot's tracing handlers make a CLIENT span; nothing is written to the carrier.
 * <p>
 * Only sanitized SQL is held here: the raw statement never reaches a convention.
 */
public class JdbcObservationContext extends SenderContext<Object> {

	private static final Object CARRIER = new Object();

	private final JdbcObservationDocumentation documentation;

	private final String dataSourceName;

	private DatabaseInfo database;

	private @Nullable SqlStatement statement;

	private @Nullable String operationName;

	private int batchSize;

	private @Nullable Long affectedRows;

	private @Nullable Long returnedRows;

	private @Nullable String sqlState;

	private @Nullable String errorType;

	private boolean slow;

	private Map<String, String> parameters = Collections.emptyMap();

	/**
	 * Creates a context.
	 * @param documentation which observation this is
	 * @param dataSourceName the name of the {@code DataSource} bean
	 * @param database what is known about the database
	 */
	public JdbcObservationContext(JdbcObservationDocumentation documentation, String dataSourceName,
			DatabaseInfo database) {
		super((carrier, key, value) -> {
		}, Kind.CLIENT);
		setCarrier(CARRIER);
		this.documentation = documentation;
		this.dataSourceName = dataSourceName;
		this.database = database;
	}

	/**
	 * Returns which observation this is.
	 * @return the documentation entry
	 */
	public JdbcObservationDocumentation getDocumentation() {
		return this.documentation;
	}

	/**
	 * Returns the name of the {@code DataSource} bean.
	 * @return the bean name
	 */
	public String getDataSourceName() {
		return this.dataSourceName;
	}

	/**
	 * Returns what is known about the database.
	 * @return the database information, {@link DatabaseInfo#UNKNOWN} before the first connection
	 */
	public DatabaseInfo getDatabase() {
		return this.database;
	}

	void setDatabase(DatabaseInfo database) {
		this.database = database;
	}

	/**
	 * Returns the sanitized statement (for {@link JdbcObservationDocumentation#QUERY} and
	 * {@link JdbcObservationDocumentation#FETCH}).
	 * @return the statement, or {@code null}
	 */
	public @Nullable SqlStatement getStatement() {
		return this.statement;
	}

	void setStatement(@Nullable SqlStatement statement) {
		this.statement = statement;
	}

	/**
	 * Returns the operation: the statement's, prefixed with {@code BATCH} for batches, or {@code COMMIT} and
	 * {@code ROLLBACK} for transactions.
	 * @return the operation, or {@code null} when none was recognised
	 */
	public @Nullable String getOperationName() {
		return this.operationName;
	}

	void setOperationName(@Nullable String operationName) {
		this.operationName = operationName;
	}

	/**
	 * Returns the number of statements or parameter sets in a batch.
	 * @return the batch size, {@code 0} when this is no batch
	 */
	public int getBatchSize() {
		return this.batchSize;
	}

	void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	/**
	 * Returns the number of rows an update reported.
	 * @return the affected rows, or {@code null} when unknown
	 */
	public @Nullable Long getAffectedRows() {
		return this.affectedRows;
	}

	void setAffectedRows(@Nullable Long affectedRows) {
		this.affectedRows = affectedRows;
	}

	/**
	 * Returns the number of rows read from a result set.
	 * @return the rows read, or {@code null} when not counted
	 */
	public @Nullable Long getReturnedRows() {
		return this.returnedRows;
	}

	void setReturnedRows(@Nullable Long returnedRows) {
		this.returnedRows = returnedRows;
	}

	/**
	 * Returns the SQL state of the failure.
	 * @return the SQL state, or {@code null}
	 */
	public @Nullable String getSqlState() {
		return this.sqlState;
	}

	void setSqlState(@Nullable String sqlState) {
		this.sqlState = sqlState;
	}

	/**
	 * Returns what failed: the SQL state, or the exception's class name when there is none.
	 * @return the error type, or {@code null} on success
	 */
	public @Nullable String getErrorType() {
		return this.errorType;
	}

	void setErrorType(@Nullable String errorType) {
		this.errorType = errorType;
	}

	/**
	 * Returns whether the statement took at least the slow-query threshold.
	 * @return whether the statement was slow
	 */
	public boolean isSlow() {
		return this.slow;
	}

	void setSlow(boolean slow) {
		this.slow = slow;
	}

	/**
	 * Returns the statement's parameter values by index or name, only when the application enabled recording
	 * them.
	 * @return the parameter values, usually empty
	 */
	public Map<String, String> getParameters() {
		return this.parameters;
	}

	void setParameters(Map<String, String> parameters) {
		this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

}
