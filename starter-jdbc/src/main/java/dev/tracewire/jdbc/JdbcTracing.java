package dev.tracewire.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Traces JDBC through Micrometer observations: a CLIENT span for every statement a traced {@link DataSource}
 * executes, named by a {@link JdbcObservationConvention}, with SQL sanitized by {@link SqlSanitizer}.
 * <p>
 * Spring Boot applications get every {@code DataSource} bean traced by the starter; use {@link #wrap} for data
 * sources that are not beans:
 * <pre>{@code
 * DataSource traced = jdbcTracing.wrap(legacyDataSource, "legacy");
 * }</pre>
 * A traced data source keeps its class where it can be subclassed (a traced {@code HikariDataSource} is still a
 * {@code HikariDataSource}) and hands every method but {@code getConnection} to the original, so
 * {@code unwrap(HikariDataSource.class).getHikariPoolMXBean()} reaches the original pool. Spring AOP answers a
 * method that returns the target itself with the proxy, so {@code unwrap} of the data source's own class returns
 * the traced view; {@link #untraced(DataSource)} returns the original object.
 */
public final class JdbcTracing {

	private final ObservationRegistry registry;

	private final @Nullable Tracer tracer;

	private final JdbcTracingOptions options;

	private final JdbcTracingMetrics metrics;

	private final @Nullable NPlusOneDetector nPlusOneDetector;

	private final Map<JdbcObservationDocumentation, ObservationConvention<JdbcObservationContext>> conventions;

	private JdbcTracing(Builder builder) {
		this.registry = builder.registry;
		this.tracer = builder.tracer;
		this.options = builder.options;
		this.metrics = builder.metrics;
		this.nPlusOneDetector = (this.options.nPlusOneThreshold() > 0)
				? new NPlusOneDetector(this.options.nPlusOneThreshold(), this.options.nPlusOneLogInterval(),
						this.metrics)
				: null;
		JdbcObservationConvention convention = (builder.convention != null) ? builder.convention
				: new DefaultJdbcObservationConvention();
		this.conventions = new EnumMap<>(JdbcObservationDocumentation.class);
		for (JdbcObservationDocumentation documentation : JdbcObservationDocumentation.values()) {
			this.conventions.put(documentation, new NamedConvention(convention, documentation));
		}
	}

	/**
	 * Starts building a {@code JdbcTracing}.
	 * @param registry the registry the observations go to
	 * @return the builder
	 */
	public static Builder builder(ObservationRegistry registry) {
		return new Builder(registry);
	}

	/**
	 * Returns a traced view of a data source; a data source that is traced already is returned as it is.
	 * @param dataSource the data source
	 * @param name the name spans give it ({@code tracewire.jdbc.datasource})
	 * @return the traced data source
	 */
	public DataSource wrap(DataSource dataSource, String name) {
		return wrap(dataSource, name, () -> this);
	}

	/**
	 * Returns whether a data source is traced by Tracewire.
	 * @param dataSource the data source
	 * @return whether it is a traced view made by {@link #wrap}
	 */
	public static boolean isTraced(DataSource dataSource) {
		return dataSource instanceof Advised advised && Arrays.stream(advised.getAdvisors())
			.anyMatch((advisor) -> advisor.getAdvice() instanceof TracingDataSourceInterceptor);
	}

	/**
	 * Returns the original data source behind a traced one.
	 * @param dataSource a data source
	 * @return the data source {@link #wrap} was given, or {@code dataSource} itself when it is not traced
	 */
	public static DataSource untraced(DataSource dataSource) {
		if (isTraced(dataSource) && AopProxyUtils.getSingletonTarget(dataSource) instanceof DataSource original) {
			return original;
		}
		return dataSource;
	}

	/**
	 * Wraps a data source, resolving the tracing lazily on its first connection.
	 */
	static DataSource wrap(DataSource dataSource, String name, Supplier<JdbcTracing> tracing) {
		if (isTraced(dataSource)) {
			return dataSource;
		}
		TracingDataSourceInterceptor interceptor = new TracingDataSourceInterceptor(name,
				SingletonSupplier.of(tracing));
		if (dataSource instanceof Advised advised && !advised.isFrozen()) {
			advised.addAdvice(0, interceptor);
			return dataSource;
		}
		ProxyFactory proxyFactory = new ProxyFactory(dataSource);
		boolean keepClass = canKeepClass(dataSource);
		proxyFactory.setProxyTargetClass(keepClass);
		if (!keepClass) {
			proxyFactory.setInterfaces(ClassUtils.getAllInterfaces(dataSource));
		}
		proxyFactory.addAdvice(interceptor);
		return (DataSource) proxyFactory.getProxy(dataSource.getClass().getClassLoader());
	}

	private static boolean canKeepClass(DataSource dataSource) {
		Class<?> type = dataSource.getClass();
		if (AopUtils.isAopProxy(dataSource) || type.getClassLoader() == null || type.getName().startsWith("java")
				|| !Modifier.isPublic(type.getModifiers()) || Modifier.isFinal(type.getModifiers())) {
			return false;
		}
		// A final getConnection would run on the proxy instance itself, untraced and without the target's state.
		return Arrays.stream(type.getMethods())
			.filter((method) -> method.getName().equals("getConnection"))
			.map(Method::getModifiers)
			.noneMatch(Modifier::isFinal);
	}

	JdbcTracingOptions options() {
		return this.options;
	}

	JdbcTracingMetrics metrics() {
		return this.metrics;
	}

	@Nullable NPlusOneDetector nPlusOneDetector() {
		return this.nPlusOneDetector;
	}

	ObservationRegistry registry() {
		return this.registry;
	}

	/**
	 * Returns the span that is current on this thread when no observation is: a span started by hand, which
	 * observations would otherwise not see as their parent.
	 */
	@Nullable Span currentSpanWithoutObservation() {
		if (this.tracer == null || this.registry.getCurrentObservation() != null) {
			return null;
		}
		return this.tracer.currentSpan();
	}

	/**
	 * Creates an observation, not started.
	 * @param context its context
	 * @param parent the parent observation, or {@code null} for the current one
	 * @param parentSpan a span to use as parent when there is no parent observation, or {@code null}
	 * @return the observation
	 */
	Observation observation(JdbcObservationContext context, @Nullable Observation parent, @Nullable Span parentSpan) {
		Observation observation = Observation.createNotStarted(this.conventions.get(context.getDocumentation()),
				() -> context, this.registry);
		if (parent != null) {
			observation.parentObservation(parent);
		}
		else if (parentSpan != null && context.getParentObservation() == null) {
			// Micrometer Tracing takes a tracing context that is already there as the user's choice of parent.
			TracingContext tracingContext = new TracingContext();
			tracingContext.setSpan(parentSpan);
			context.put(TracingContext.class, tracingContext);
		}
		return observation;
	}

	/**
	 * Builds a {@link JdbcTracing}.
	 */
	public static final class Builder {

		private final ObservationRegistry registry;

		private @Nullable JdbcObservationConvention convention;

		private @Nullable Tracer tracer;

		private JdbcTracingOptions options = JdbcTracingOptions.defaults();

		private JdbcTracingMetrics metrics = JdbcTracingMetrics.NONE;

		private Builder(ObservationRegistry registry) {
			this.registry = registry;
		}

		/**
		 * Sets the convention that names and tags the observations.
		 * @param convention the convention, or {@code null} for {@link DefaultJdbcObservationConvention}
		 * @return this builder
		 */
		public Builder convention(@Nullable JdbcObservationConvention convention) {
			this.convention = convention;
			return this;
		}

		/**
		 * Sets the tracer, used to find spans started by hand that should be the parents of JDBC spans.
		 * @param tracer the tracer, or {@code null}
		 * @return this builder
		 */
		public Builder tracer(@Nullable Tracer tracer) {
			this.tracer = tracer;
			return this;
		}

		/**
		 * Sets what is recorded.
		 * @param options the options
		 * @return this builder
		 */
		public Builder options(JdbcTracingOptions options) {
			this.options = options;
			return this;
		}

		/**
		 * Sets where N+1 detections and slow statements are counted.
		 * @param metrics the metrics
		 * @return this builder
		 */
		public Builder metrics(JdbcTracingMetrics metrics) {
			this.metrics = metrics;
			return this;
		}

		/**
		 * Builds the {@link JdbcTracing}.
		 * @return the tracing
		 */
		public JdbcTracing build() {
			return new JdbcTracing(this);
		}

	}

	/**
	 * Gives one kind of observation its own name from the shared convention (Micrometer asks a convention for its
	 * name without a context).
	 */
	private record NamedConvention(JdbcObservationConvention delegate,
			JdbcObservationDocumentation documentation) implements ObservationConvention<JdbcObservationContext> {

		@Override
		public String getName() {
			return this.delegate.getName(this.documentation);
		}

		@Override
		public @Nullable String getContextualName(JdbcObservationContext context) {
			return this.delegate.getContextualName(context);
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(JdbcObservationContext context) {
			return this.delegate.getLowCardinalityKeyValues(context);
		}

		@Override
		public KeyValues getHighCardinalityKeyValues(JdbcObservationContext context) {
			return this.delegate.getHighCardinalityKeyValues(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return this.delegate.supportsContext(context);
		}

	}

	/**
	 * Obtains a connection from the original data source.
	 */
	@FunctionalInterface
	interface ConnectionSupplier {

		Connection get() throws Throwable;

	}

}
