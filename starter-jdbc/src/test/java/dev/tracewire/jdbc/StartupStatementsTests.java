package dev.tracewire.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.tracewire.jdbc.autoconfigure.JdbcTracingAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements run while the context starts, outside any span (schema scripts, migrations), make no spans unless
 * asked for; statements under a span, and every statement after startup, do.
 */
class StartupStatementsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, JdbcTracingAutoConfiguration.class))
		.withUserConfiguration(StartupQueryConfiguration.class);

	@Test
	void statementsOutsideAnySpanDuringStartupMakeNoSpans() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(StartupStatementsObservationPredicate.class);
			List<String> statements = context.getBean(StartupQueryConfiguration.class).statements;
			assertThat(statements).containsExactly("startup, under a span: jdbc.query");
			new JdbcTemplate(context.getBean(DataSource.class)).queryForList("SELECT 2");
			assertThat(statements).last().isEqualTo("jdbc.query");
		});
	}

	@Test
	void startupStatementsMakeSpansWhenAskedFor() {
		this.runner.withPropertyValues("tracewire.jdbc.spans.startup=true").run((context) -> {
			assertThat(context).doesNotHaveBean(StartupStatementsObservationPredicate.class);
			assertThat(context.getBean(StartupQueryConfiguration.class).statements).containsExactly("jdbc.query",
					"startup, under a span: jdbc.query");
		});
	}

	@Test
	void backsOffForAUserPredicate() {
		StartupStatementsObservationPredicate user = new StartupStatementsObservationPredicate(() -> null);
		this.runner.withBean(StartupStatementsObservationPredicate.class, () -> user)
			.run((context) -> assertThat(context).getBean(StartupStatementsObservationPredicate.class).isSameAs(user));
	}

	@Configuration(proxyBeanMethods = false)
	static class StartupQueryConfiguration {

		final List<String> statements = new CopyOnWriteArrayList<>();

		@Bean
		SimpleDriverDataSource dataSource() {
			return new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:startup", "sa", "");
		}

		@Bean
		ObservationHandler<Observation.Context> recordingHandler() {
			return new ObservationHandler<>() {

				@Override
				public void onStop(Observation.Context context) {
					String prefix = (context.getParentObservation() != null) ? "startup, under a span: " : "";
					if (!context.getName().equals("startup")) {
						StartupQueryConfiguration.this.statements.add(prefix + context.getName());
					}
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			};
		}

		@Bean
		InitializingBean schemaScript(DataSource dataSource, ObservationRegistry registry) {
			return () -> {
				JdbcTemplate jdbc = new JdbcTemplate(dataSource);
				jdbc.queryForList("SELECT 1");
				Observation.createNotStarted("startup", registry).observe(() -> jdbc.queryForList("SELECT 1"));
			};
		}

	}

}
