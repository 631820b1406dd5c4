package dev.tracewire.jdbc;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.tracewire.autoconfigure.TracewireDefaultsEnvironmentPostProcessor;
import dev.tracewire.jdbc.autoconfigure.JdbcTracingAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.context.support.TestPropertySourceUtils;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcTracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JdbcTracingAutoConfiguration.class))
		.withUserConfiguration(DataSourceConfiguration.class);

	@Test
	void suppliesTracingThatTracesDataSourceBeans() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TracingDataSourcePostProcessor.class)
				.hasSingleBean(JdbcTracing.class)
				.hasSingleBean(MicrometerJdbcTracingMetrics.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(JdbcTracing.isTraced(dataSource)).isTrue();
			assertThat(dataSource).isInstanceOf(SimpleDriverDataSource.class);
			new JdbcTemplate(dataSource).queryForList("SELECT 1");
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("jdbc.query")
				.that()
				.hasContextualNameEqualTo("SELECT")
				.hasLowCardinalityKeyValue("db.system.name", "h2database")
				.hasHighCardinalityKeyValue("db.query.text", "SELECT ?");
		});
	}

	@Test
	void backsOffForUserJdbcTracing() {
		this.runner.withUserConfiguration(UserTracingConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JdbcTracing.class).hasBean("userJdbcTracing");
			new JdbcTemplate(context.getBean(DataSource.class)).queryForList("SELECT 1");
			TestObservationRegistryAssert.assertThat(context.getBean(UserTracingConfiguration.class).registry)
				.hasObservationWithNameEqualTo("jdbc.query");
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.doesNotHaveAnyObservation();
		});
	}

	@Test
	void backsOffForUserPostProcessor() {
		this.runner.withUserConfiguration(UserPostProcessorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TracingDataSourcePostProcessor.class).hasBean("userPostProcessor");
			assertThat(JdbcTracing.isTraced(context.getBean(DataSource.class))).isFalse();
		});
	}

	@Test
	void usesTheApplicationsConvention() {
		this.runner.withUserConfiguration(ConventionConfiguration.class).run((context) -> {
			new JdbcTemplate(context.getBean(DataSource.class)).queryForList("SELECT 1");
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.hasObservationWithNameEqualTo("sql.statement")
				.that()
				.hasContextualNameEqualTo("sql SELECT")
				.hasLowCardinalityKeyValue("team", "payments");
		});
	}

	@Test
	void isOffByModuleProperty() {
		this.runner.withPropertyValues("tracewire.jdbc.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TracingDataSourcePostProcessor.class)
				.doesNotHaveBean(JdbcTracing.class);
			assertThat(JdbcTracing.isTraced(context.getBean(DataSource.class))).isFalse();
		});
	}

	@Test
	void isOffByGlobalProperty() {
		this.runner.withPropertyValues("tracewire.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TracingDataSourcePostProcessor.class));
	}

	@Test
	void moduleSwitchBeatsGlobalSwitch() {
		this.runner.withPropertyValues("tracewire.enabled=false", "tracewire.jdbc.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(TracingDataSourcePostProcessor.class));
	}

	@Test
	void isSkippedWithoutDatasourceProxy() {
		this.runner.withClassLoader(new FilteredClassLoader(ProxyConfig.class)).run((context) -> {
			assertThat(context).doesNotHaveBean(TracingDataSourcePostProcessor.class)
				.doesNotHaveBean(JdbcTracing.class);
			assertThat(JdbcTracing.isTraced(context.getBean(DataSource.class))).isFalse();
		});
	}

	@Test
	void tracesWithoutMicrometerMetrics() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).hasSingleBean(JdbcTracing.class).doesNotHaveBean(MicrometerJdbcTracingMetrics.class);
			assertThat(JdbcTracing.isTraced(context.getBean(DataSource.class))).isTrue();
		});
	}

	@Test
	void leavesExcludedBeansAlone() {
		this.runner.withPropertyValues("tracewire.jdbc.excluded-beans=dataSource")
			.run((context) -> assertThat(JdbcTracing.isTraced(context.getBean(DataSource.class))).isFalse());
	}

	@Test
	void bootsObservationSwitchTurnsStatementObservationsOff() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ObservationAutoConfiguration.class, JdbcTracingAutoConfiguration.class))
			.withUserConfiguration(PlainDataSourceConfiguration.class, RecordingHandlerConfiguration.class)
			.withPropertyValues("management.observations.enable.jdbc.query=false",
					"tracewire.jdbc.spans.connection=true")
			.run((context) -> {
				new JdbcTemplate(context.getBean(DataSource.class)).queryForList("SELECT 1");
				assertThat(context.getBean(RecordingHandlerConfiguration.class).names)
					.containsExactly("jdbc.connection");
			});
	}

	@Test
	void defaultsReactorContextPropagationToAuto() {
		assertThat(defaults().getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
	}

	@Test
	void applicationsReactorContextPropagationWins() {
		assertThat(defaults("spring.reactor.context-propagation=limited")
			.getProperty("spring.reactor.context-propagation")).isEqualTo("limited");
	}

	@Test
	void setsNoDefaultsWhenSwitchedOff() {
		assertThat(defaults("tracewire.jdbc.enabled=false").getProperty("spring.reactor.context-propagation"))
			.isNull();
	}

	private static StandardEnvironment defaults(String... properties) {
		StandardEnvironment environment = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(environment, properties);
		new TracewireDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	@Configuration(proxyBeanMethods = false)
	static class PlainDataSourceConfiguration {

		@Bean
		SimpleDriverDataSource dataSource() {
			return new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:autoconfiguration", "sa", "");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DataSourceConfiguration extends PlainDataSourceConfiguration {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTracingConfiguration {

		final TestObservationRegistry registry = TestObservationRegistry.create();

		@Bean
		JdbcTracing userJdbcTracing() {
			return JdbcTracing.builder(this.registry).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPostProcessorConfiguration {

		@Bean
		static TracingDataSourcePostProcessor userPostProcessor() {
			return new TracingDataSourcePostProcessor(
					() -> JdbcTracing.builder(ObservationRegistry.NOOP).build(), Set.of("dataSource"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConventionConfiguration {

		@Bean
		JdbcObservationConvention customConvention() {
			return new DefaultJdbcObservationConvention() {

				@Override
				public String getName(JdbcObservationDocumentation observation) {
					return (observation == JdbcObservationDocumentation.QUERY) ? "sql.statement"
							: super.getName(observation);
				}

				@Override
				public String getContextualName(JdbcObservationContext context) {
					return "sql " + super.getContextualName(context);
				}

				@Override
				public io.micrometer.common.KeyValues getLowCardinalityKeyValues(JdbcObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and("team", "payments");
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingHandlerConfiguration {

		final List<String> names = new CopyOnWriteArrayList<>();

		@Bean
		ObservationHandler<Observation.Context> recordingHandler() {
			return new ObservationHandler<>() {

				@Override
				public void onStop(Observation.Context context) {
					RecordingHandlerConfiguration.this.names.add(context.getName());
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			};
		}

	}

}
