package dev.tracewire.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tracewire.jdbc.JdbcTracing;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Queries per second against a real PostgreSQL (embedded, on loopback) through a Hikari pool: the raw
 * {@code DataSource} against the same one traced by {@code tracewire-starter-jdbc}, every statement sampled and
 * its span exported through a batch processor to an exporter that discards it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class JdbcThroughputBenchmark {

	private static final String QUERY = "select name, price from products where id = ?";

	private EmbeddedPostgres postgres;

	private HikariDataSource pool;

	private SdkTracerProvider tracerProvider;

	private DataSource raw;

	private DataSource traced;

	@Setup
	public void setUp() throws IOException, SQLException {
		this.postgres = EmbeddedPostgres.builder().start();
		HikariConfig config = new HikariConfig();
		config.setDataSource(this.postgres.getPostgresDatabase());
		config.setMaximumPoolSize(4);
		this.pool = new HikariDataSource(config);
		try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("create table products (id int primary key, name text, price numeric)");
			statement.execute("insert into products select i, 'product ' || i, i * 1.5 from generate_series(1, 1000) i");
		}
		this.raw = this.pool;
		this.tracerProvider = SdkTracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(BatchSpanProcessor.builder(new RedactionBenchmark.DiscardingExporter()).build())
			.build();
		io.opentelemetry.api.trace.Tracer otelTracer = this.tracerProvider.get("bench");
		OtelTracer tracer = new OtelTracer(otelTracer, new OtelCurrentTraceContext(), (event) -> {
		});
		OtelPropagator propagator = new OtelPropagator(
				ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otelTracer);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
		this.traced = JdbcTracing.builder(registry).tracer(tracer).build().wrap(this.pool, "bench");
	}

	@TearDown
	public void tearDown() throws IOException {
		this.pool.close();
		this.tracerProvider.close();
		this.postgres.close();
	}

	@Benchmark
	public String rawDataSource() throws SQLException {
		return query(this.raw);
	}

	@Benchmark
	public String tracedDataSource() throws SQLException {
		return query(this.traced);
	}

	private static String query(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(QUERY)) {
			statement.setInt(1, ThreadLocalRandom.current().nextInt(1, 1001));
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getString(1);
			}
		}
	}

}
