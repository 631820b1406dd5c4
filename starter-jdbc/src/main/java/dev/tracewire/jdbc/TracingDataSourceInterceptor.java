package dev.tracewire.jdbc;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Hands out traced connections from a data source's {@code getConnection} methods; every other method goes to
 * the original data source untouched (so {@code unwrap} returns the original).
 * <p>
 * The tracing is resolved on the first connection, not when the data source bean is created, so that a data
 * source never pulls the observation infrastructure into early initialisation.
 */
final class TracingDataSourceInterceptor implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(TracingDataSourceInterceptor.class);

	private final String name;

	private final Supplier<JdbcTracing> tracing;

	private volatile @Nullable DataSourceInstrumentation instrumentation;

	private volatile boolean unavailable;

	TracingDataSourceInterceptor(String name, Supplier<JdbcTracing> tracing) {
		this.name = name;
		this.tracing = tracing;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		if (!method.getName().equals("getConnection") || method.getReturnType() != Connection.class) {
			return invocation.proceed();
		}
		DataSourceInstrumentation instrumentation = instrumentation();
		if (instrumentation == null) {
			return invocation.proceed();
		}
		return instrumentation.getConnection(() -> (Connection) invocation.proceed());
	}

	private @Nullable DataSourceInstrumentation instrumentation() {
		DataSourceInstrumentation instrumentation = this.instrumentation;
		if (instrumentation != null || this.unavailable) {
			return instrumentation;
		}
		synchronized (this) {
			if (this.instrumentation == null && !this.unavailable) {
				try {
					this.instrumentation = new DataSourceInstrumentation(this.name, this.tracing.get());
				}
				catch (RuntimeException ex) {
					// Never fail the application's connection because tracing could not be set up.
					this.unavailable = true;
					logger.warn("JDBC tracing is unavailable for data source '" + this.name + "'", ex);
				}
			}
			return this.instrumentation;
		}
	}

}
