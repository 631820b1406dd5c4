package dev.tracewire.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.tracewire.jdbc.JdbcTracing.ConnectionSupplier;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import net.ttddyy.dsproxy.ConnectionIdManager;
import net.ttddyy.dsproxy.ConnectionInfo;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.JdbcProxyFactory;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.ProxyJdbcObject;
import net.ttddyy.dsproxy.proxy.ResultSetProxyLogic;
import net.ttddyy.dsproxy.proxy.ResultSetProxyLogicFactory;
import net.ttddyy.dsproxy.proxy.SimpleResultSetProxyLogic;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The tracing of one data source: wraps its connections with datasource-proxy and turns the proxy's callbacks
 * into observations.
 * <p>
 * Every callback is guarded: whatever goes wrong in tracing is logged at DEBUG and the JDBC call goes on
 * untouched. When traced data sources are stacked (a {@code TransactionAwareDataSourceProxy} bean over a pool
 * bean, a routing data source over traced targets), the outermost call is observed and the nested ones are not,
 * so that each statement makes one span.
 */
final class DataSourceInstrumentation implements QueryExecutionListener, MethodExecutionListener {

	private static final Log logger = LogFactory.getLog(DataSourceInstrumentation.class);

	// Set while this thread is inside an observed statement, commit or rollback (the record of that call).
	private static final ThreadLocal<@Nullable Object> EXECUTING = new ThreadLocal<>();

	// Set while this thread is inside an observed getConnection().
	private static final ThreadLocal<@Nullable Boolean> ACQUIRING = new ThreadLocal<>();

	private static final int MAX_CACHED_STATEMENTS = 512;

	private static final int MAX_PARAMETER_LENGTH = 256;

	private static final Set<String> UPDATE_METHODS = Set.of("executeUpdate", "executeLargeUpdate");

	private static final Set<String> BATCH_METHODS = Set.of("executeBatch", "executeLargeBatch");

	private final String name;

	private final JdbcTracing tracing;

	private final JdbcTracingOptions options;

	private final ProxyConfig proxyConfig;

	private volatile @Nullable DatabaseInfo database;

	// Prepared statements repeat: sanitize each text once. Cleared when full, so it stays bounded.
	private final Map<String, SqlStatement> statements = new ConcurrentHashMap<>();

	DataSourceInstrumentation(String name, JdbcTracing tracing) {
		this.name = name;
		this.tracing = tracing;
		this.options = tracing.options();
		ProxyConfig.Builder config = ProxyConfig.Builder.create()
			.dataSourceName(name)
			.queryListener(this)
			.connectionIdManager(NoConnectionIds.INSTANCE);
		if (this.options.fetchSpans()) {
			config.resultSetProxyLogicFactory(new FetchLogicFactory());
		}
		if (this.options.transactionSpans()) {
			config.methodListener(this);
		}
		this.proxyConfig = config.build();
	}

	/**
	 * Obtains a connection through the supplier (exactly once) and returns it wrapped.
	 */
	@Nullable Connection getConnection(ConnectionSupplier supplier) throws Throwable {
		if (ACQUIRING.get() != null) {
			return wrap(supplier.get());
		}
		ACQUIRING.set(Boolean.TRUE);
		try {
			JdbcObservationContext context = null;
			Observation observation = null;
			if (this.options.connectionSpans()) {
				try {
					DatabaseInfo known = this.database;
					context = new JdbcObservationContext(JdbcObservationDocumentation.CONNECTION, this.name,
							(known != null) ? known : DatabaseInfo.UNKNOWN);
					observation = this.tracing.observation(context, null, this.tracing.currentSpanWithoutObservation())
						.start();
				}
				catch (RuntimeException ex) {
					logger.debug("Cannot observe getConnection() of " + this.name, ex);
				}
			}
			Connection connection;
			try {
				connection = supplier.get();
			}
			catch (Throwable ex) {
				if (observation != null && context != null) {
					stop(observation, context, ex);
				}
				throw ex;
			}
			DatabaseInfo database = database(connection);
			if (observation != null && context != null) {
				context.setDatabase(database);
				stop(observation, context, null);
			}
			return wrap(connection);
		}
		finally {
			ACQUIRING.remove();
		}
	}

	private @Nullable Connection wrap(@Nullable Connection connection) {
		if (connection == null
				|| (connection instanceof ProxyJdbcObject proxy && isTracing(proxy.getProxyConfig()))) {
			return connection;
		}
		try {
			ConnectionInfo connectionInfo = new ConnectionInfo();
			connectionInfo.setDataSourceName(this.name);
			connectionInfo.setConnectionId("");
			return JdbcProxyFactory.DEFAULT.createConnection(connection, connectionInfo, this.proxyConfig);
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot trace a connection of " + this.name, ex);
			return connection;
		}
	}

	private static boolean isTracing(@Nullable ProxyConfig config) {
		return config != null && config.getQueryListener()
			.getListeners()
			.stream()
			.anyMatch(DataSourceInstrumentation.class::isInstance);
	}

	private DatabaseInfo database(Connection connection) {
		DatabaseInfo database = this.database;
		if (database == null) {
			database = DatabaseInfo.of(connection);
			this.database = database;
		}
		return database;
	}

	// Statements

	@Override
	public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		if (EXECUTING.get() != null) {
			return;
		}
		QueryRecord record;
		try {
			record = startQuery(execInfo, queryInfoList);
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot observe a statement of " + this.name, ex);
			record = QueryRecord.unobserved(execInfo);
		}
		EXECUTING.set(record);
	}

	private QueryRecord startQuery(ExecutionInfo execInfo, List<QueryInfo> queries) {
		DatabaseInfo known = this.database;
		DatabaseInfo database = (known != null) ? known : DatabaseInfo.UNKNOWN;
		JdbcObservationContext context = new JdbcObservationContext(JdbcObservationDocumentation.QUERY, this.name,
				database);
		int batchSize = execInfo.isBatch() ? execInfo.getBatchSize() : 0;
		context.setBatchSize(batchSize);
		describe(context, queries, batchSize >= 2, known != null);
		if (this.options.includeParameterValues() && !execInfo.isBatch() && queries.size() == 1) {
			context.setParameters(parameters(queries.get(0)));
		}
		Observation parent = this.tracing.registry().getCurrentObservation();
		Span parentSpan = this.tracing.currentSpanWithoutObservation();
		io.opentelemetry.api.trace.Span parentOtelSpan = io.opentelemetry.api.trace.Span.current();
		Observation observation = this.tracing.observation(context, null, parentSpan).start();
		return new QueryRecord(execInfo, observation, context, parent, parentSpan, parentOtelSpan, System.nanoTime());
	}

	private void describe(JdbcObservationContext context, List<QueryInfo> queries, boolean batch, boolean cache) {
		if (queries.size() == 1) {
			SqlStatement statement = sanitize(queries.get(0).getQuery(), context.getDatabase().dialect(), cache);
			context.setStatement(statement);
			context.setOperationName(batch ? batchOperation(statement.operationName()) : statement.operationName());
			return;
		}
		// A Statement batch of several texts: one text of them all, a common operation and table when shared.
		Map<String, SqlStatement> distinct = new LinkedHashMap<>();
		for (QueryInfo query : queries) {
			SqlStatement statement = sanitize(query.getQuery(), context.getDatabase().dialect(), cache);
			distinct.putIfAbsent(statement.text(), statement);
		}
		if (distinct.isEmpty()) {
			return;
		}
		SqlStatement first = distinct.values().iterator().next();
		boolean sameOperation = distinct.values()
			.stream()
			.allMatch((statement) -> Objects.equals(statement.operationName(), first.operationName()));
		boolean sameTable = distinct.values()
			.stream()
			.allMatch((statement) -> Objects.equals(statement.collectionName(), first.collectionName()));
		String text = String.join("; ", distinct.keySet());
		int limit = this.options.maxQueryTextLength();
		if (text.length() > limit) {
			text = text.substring(0, Math.max(0, limit - 3)) + "...";
		}
		context.setStatement(new SqlStatement(text, sameOperation ? first.operationName() : null,
				sameTable ? first.collectionName() : null, null, SqlSanitizer.fingerprint(text)));
		context.setOperationName(batchOperation(sameOperation ? first.operationName() : null));
	}

	private static String batchOperation(@Nullable String operation) {
		return (operation != null) ? "BATCH " + operation : "BATCH";
	}

	private SqlStatement sanitize(@Nullable String sql, SqlDialect dialect, boolean cache) {
		if (sql == null || !cache) {
			return SqlSanitizer.sanitize(sql, dialect, this.options.maxQueryTextLength());
		}
		SqlStatement statement = this.statements.get(sql);
		if (statement == null) {
			statement = SqlSanitizer.sanitize(sql, dialect, this.options.maxQueryTextLength());
			if (this.statements.size() >= MAX_CACHED_STATEMENTS) {
				this.statements.clear();
			}
			this.statements.put(sql, statement);
		}
		return statement;
	}

	private static Map<String, String> parameters(QueryInfo query) {
		if (query.getParametersList().isEmpty()) {
			return Collections.emptyMap();
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		for (ParameterSetOperation operation : query.getParametersList().get(0)) {
			Object[] args = operation.getArgs();
			if (args == null || args.length < 2 || ParameterSetOperation.isRegisterOutParameterOperation(operation)) {
				continue;
			}
			Object value = ParameterSetOperation.isSetNullParameterOperation(operation) ? null : args[1];
			parameters.put(String.valueOf(args[0]), describeValue(value));
		}
		return parameters;
	}

	private static String describeValue(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Character || value instanceof Enum<?> || value instanceof UUID
				|| value instanceof Date || value instanceof TemporalAccessor) {
			String text = String.valueOf(value);
			return (text.length() > MAX_PARAMETER_LENGTH) ? text.substring(0, MAX_PARAMETER_LENGTH) + "..." : text;
		}
		// Streams, blobs, arrays: their type, never their content.
		return "<" + value.getClass().getSimpleName() + ">";
	}

	@Override
	public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
		if (!(EXECUTING.get() instanceof QueryRecord record) || record.execInfo != execInfo) {
			return;
		}
		EXECUTING.remove();
		if (record.observation == null || record.context == null) {
			return;
		}
		try {
			finishQuery(record, execInfo);
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot complete the observation of a statement of " + this.name, ex);
		}
	}

	private void finishQuery(QueryRecord record, ExecutionInfo execInfo) {
		JdbcObservationContext context = Objects.requireNonNull(record.context);
		Observation observation = Objects.requireNonNull(record.observation);
		long elapsedNanos = System.nanoTime() - record.startNanos;
		Throwable failure = execInfo.getThrowable();
		if (failure == null) {
			context.setAffectedRows(affectedRows(execInfo));
		}
		if (this.options.slowQueryThreshold() != null
				&& elapsedNanos >= this.options.slowQueryThreshold().toNanos()) {
			context.setSlow(true);
			this.tracing.metrics().slowQuery(context);
		}
		stop(observation, context, failure);
		NPlusOneDetector detector = this.tracing.nPlusOneDetector();
		if (detector != null && context.getBatchSize() < 2 && record.parentOtelSpan != null) {
			detector.record(record.parent, record.parentOtelSpan, context);
		}
	}

	private static @Nullable Long affectedRows(ExecutionInfo execInfo) {
		String method = execInfo.getMethod().getName();
		Object result = execInfo.getResult();
		if (UPDATE_METHODS.contains(method) && result instanceof Number number) {
			return (number.longValue() >= 0) ? number.longValue() : null;
		}
		if (BATCH_METHODS.contains(method)) {
			long total = 0;
			if (result instanceof int[] counts) {
				for (int count : counts) {
					if (count < 0) {
						return null; // Statement.SUCCESS_NO_INFO: the total is unknown
					}
					total += count;
				}
				return total;
			}
			if (result instanceof long[] counts) {
				for (long count : counts) {
					if (count < 0) {
						return null;
					}
					total += count;
				}
				return total;
			}
		}
		return null;
	}

	private void stop(Observation observation, JdbcObservationContext context, @Nullable Throwable failure) {
		try {
			if (failure != null) {
				String sqlState = (failure instanceof SQLException sqlException) ? sqlException.getSQLState() : null;
				context.setSqlState(sqlState);
				context.setErrorType((sqlState != null) ? sqlState : failure.getClass().getName());
				observation.error(this.options.includeErrorMessages() ? failure : SanitizedSqlException.of(failure));
			}
			observation.stop();
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot stop a JDBC observation of " + this.name, ex);
		}
	}

	// Commit and rollback (registered only when transaction spans are on)

	@Override
	public void beforeMethod(MethodExecutionContext executionContext) {
		if (!isTransactionEnd(executionContext) || EXECUTING.get() != null) {
			return;
		}
		TransactionRecord record = new TransactionRecord(executionContext, null, null);
		try {
			DatabaseInfo known = this.database;
			JdbcObservationContext context = new JdbcObservationContext(JdbcObservationDocumentation.TRANSACTION,
					this.name, (known != null) ? known : DatabaseInfo.UNKNOWN);
			context.setOperationName(executionContext.getMethod().getName().toUpperCase(Locale.ROOT));
			Observation observation = this.tracing
				.observation(context, null, this.tracing.currentSpanWithoutObservation())
				.start();
			record = new TransactionRecord(executionContext, observation, context);
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot observe a transaction end of " + this.name, ex);
		}
		EXECUTING.set(record);
	}

	@Override
	public void afterMethod(MethodExecutionContext executionContext) {
		if (!(EXECUTING.get() instanceof TransactionRecord record)
				|| record.executionContext() != executionContext) {
			return;
		}
		EXECUTING.remove();
		if (record.observation() != null && record.context() != null) {
			stop(record.observation(), record.context(), executionContext.getThrown());
		}
	}

	private static boolean isTransactionEnd(MethodExecutionContext executionContext) {
		String method = executionContext.getMethod().getName();
		return (method.equals("commit") || method.equals("rollback"))
				&& executionContext.getTarget() instanceof Connection;
	}

	/**
	 * The observation of one statement execution, and what its fetch span and the N+1 detection need later.
	 */
	private static final class QueryRecord {

		private final ExecutionInfo execInfo;

		private final @Nullable Observation observation;

		private final @Nullable JdbcObservationContext context;

		private final @Nullable Observation parent;

		private final @Nullable Span parentSpan;

		private final io.opentelemetry.api.trace.@Nullable Span parentOtelSpan;

		private final long startNanos;

		private boolean fetchClaimed;

		QueryRecord(ExecutionInfo execInfo, @Nullable Observation observation, @Nullable JdbcObservationContext context,
				@Nullable Observation parent, @Nullable Span parentSpan,
				io.opentelemetry.api.trace.@Nullable Span parentOtelSpan, long startNanos) {
			this.execInfo = execInfo;
			this.observation = observation;
			this.context = context;
			this.parent = parent;
			this.parentSpan = parentSpan;
			this.parentOtelSpan = parentOtelSpan;
			this.startNanos = startNanos;
		}

		static QueryRecord unobserved(ExecutionInfo execInfo) {
			return new QueryRecord(execInfo, null, null, null, null, null, 0);
		}

		// The first result set made during the statement is its result; nested proxies see it claimed.
		boolean claimFetch() {
			boolean claimed = !this.fetchClaimed && this.context != null;
			this.fetchClaimed = true;
			return claimed;
		}

	}

	private record TransactionRecord(MethodExecutionContext executionContext, @Nullable Observation observation,
			@Nullable JdbcObservationContext context) {
	}

	/**
	 * Gives the result set of the statement being observed a logic that makes its fetch span; any other result set
	 * (generated keys, {@code getResultSet()}, a nested proxy's) is passed through.
	 */
	private final class FetchLogicFactory implements ResultSetProxyLogicFactory {

		@Override
		public ResultSetProxyLogic create(ResultSet resultSet, ConnectionInfo connectionInfo,
				ProxyConfig proxyConfig) {
			if (EXECUTING.get() instanceof QueryRecord record && record.claimFetch()) {
				return new FetchObservingResultSetLogic(resultSet, proxyConfig, new Fetch(record));
			}
			return new SimpleResultSetProxyLogic(resultSet, connectionInfo, proxyConfig);
		}

	}

	/**
	 * The fetch span of one result set: started by the first {@code next()}, stopped when the rows run out, when
	 * the result set is closed or when reading fails, whichever comes first.
	 */
	final class Fetch {

		private final QueryRecord query;

		private @Nullable Observation observation;

		private @Nullable JdbcObservationContext context;

		private long rows;

		private boolean done;

		Fetch(QueryRecord query) {
			this.query = query;
		}

		void beforeNext() {
			if (this.observation != null || this.done || this.query.context == null) {
				return;
			}
			try {
				JdbcObservationContext queryContext = this.query.context;
				JdbcObservationContext context = new JdbcObservationContext(JdbcObservationDocumentation.FETCH,
						DataSourceInstrumentation.this.name, queryContext.getDatabase());
				context.setStatement(queryContext.getStatement());
				context.setOperationName("FETCH");
				this.observation = DataSourceInstrumentation.this.tracing
					.observation(context, this.query.parent, this.query.parentSpan)
					.start();
				this.context = context;
			}
			catch (RuntimeException ex) {
				this.done = true;
				logger.debug("Cannot observe a result set of " + DataSourceInstrumentation.this.name, ex);
			}
		}

		void row() {
			this.rows++;
		}

		void finish(@Nullable Throwable failure) {
			if (this.done) {
				return;
			}
			this.done = true;
			if (this.observation != null && this.context != null) {
				this.context.setReturnedRows(this.rows);
				stop(this.observation, this.context, failure);
			}
		}

	}

	/**
	 * Connection ids are not used; datasource-proxy's default manager keeps a set of every open one.
	 */
	private enum NoConnectionIds implements ConnectionIdManager {

		INSTANCE;

		@Override
		public String getId(Connection connection) {
			return "";
		}

		@Override
		public void addClosedId(String closedId) {
		}

		@Override
		public Set<String> getOpenConnectionIds() {
			return Collections.emptySet();
		}

	}

}
