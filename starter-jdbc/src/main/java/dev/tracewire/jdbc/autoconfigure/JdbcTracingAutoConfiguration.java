package dev.tracewire.jdbc.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.autoconfigure.LazyLookup;
import dev.tracewire.autoconfigure.TracewireBinding;
import dev.tracewire.jdbc.JdbcObservationConvention;
import dev.tracewire.jdbc.JdbcTracing;
import dev.tracewire.jdbc.JdbcTracingMetrics;
import dev.tracewire.jdbc.JdbcTracingOptions;
import dev.tracewire.jdbc.MicrometerJdbcTracingMetrics;
import dev.tracewire.jdbc.StartupStatementsObservationPredicate;
import dev.tracewire.jdbc.TracingDataSourcePostProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import net.ttddyy.dsproxy.proxy.ProxyConfig;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Traces every {@code DataSource} bean: a CLIENT span per statement with sanitized SQL, made through Micrometer
 * observations so that Spring Boot's tracing handlers create and export the spans.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnTracewireEnabled("jdbc")
@ConditionalOnClass({ ProxyConfig.class, ObservationRegistry.class })
@EnableConfigurationProperties(JdbcTracingProperties.class)
// Sorted last, so that naming Boot's classes in "after" never pulls them ahead of classes they silently rely on.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public final class JdbcTracingAutoConfiguration {

	// static: a post-processor must not pull its configuration class into early initialisation. The tracing
	// itself is looked up on the first connection.
	@Bean
	@ConditionalOnMissingBean
	static TracingDataSourcePostProcessor tracingDataSourcePostProcessor(ObjectProvider<JdbcTracing> jdbcTracing,
			Environment environment) {
		return new TracingDataSourcePostProcessor(jdbcTracing::getObject,
				TracewireBinding.excludedBeans(environment, JdbcTracingProperties.PREFIX));
	}

	@Bean
	@ConditionalOnMissingBean
	JdbcTracing jdbcTracing(ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<JdbcObservationConvention> convention, ObjectProvider<Tracer> tracer,
			ObjectProvider<JdbcTracingMetrics> metrics, JdbcTracingProperties properties) {
		return JdbcTracing.builder(observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP))
			.convention(convention.getIfUnique())
			.tracer(tracer.getIfUnique())
			.metrics(metrics.getIfUnique(() -> JdbcTracingMetrics.NONE))
			.options(options(properties))
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = JdbcTracingProperties.PREFIX + ".spans.startup", havingValue = false,
			matchIfMissing = true)
	StartupStatementsObservationPredicate startupStatementsObservationPredicate(
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return new StartupStatementsObservationPredicate(LazyLookup.of(observationRegistry::getIfUnique));
	}

	private static JdbcTracingOptions options(JdbcTracingProperties properties) {
		JdbcTracingProperties.NPlusOne nPlusOne = properties.getNPlusOne();
		JdbcTracingProperties.SlowQuery slowQuery = properties.getSlowQuery();
		JdbcTracingProperties.Spans spans = properties.getSpans();
		return new JdbcTracingOptions(properties.isIncludeParameterValues(), properties.isIncludeErrorMessages(),
				properties.getMaxQueryTextLength(), spans.isConnection(), spans.isFetch(), spans.isTransaction(),
				nPlusOne.isEnabled() ? nPlusOne.getThreshold() : 0, nPlusOne.getLogInterval(),
				slowQuery.isEnabled() ? slowQuery.getThreshold() : null);
	}

	/**
	 * Counts N+1 detections and slow statements when Micrometer is on the class path; the registry is looked up
	 * when the first one is counted, so that applications without metrics count nothing.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(JdbcTracingMetrics.class)
		MicrometerJdbcTracingMetrics jdbcTracingMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
			return new MicrometerJdbcTracingMetrics(meterRegistry::getIfUnique);
		}

	}

}
