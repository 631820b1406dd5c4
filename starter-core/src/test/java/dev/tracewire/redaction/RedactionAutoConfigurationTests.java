package dev.tracewire.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.tracewire.redaction.autoconfigure.RedactionAutoConfiguration;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedactionAutoConfiguration.class));

	@Test
	void suppliesRedactorFiltersAndSpanProcessor() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Redactor.class)
				.hasSingleBean(RedactingObservationFilter.class)
				.hasSingleBean(CapturedHeadersObservationFilter.class)
				.hasSingleBean(RedactingMeterFilter.class)
				.hasSingleBean(RedactingSpanProcessor.class);
			Observation.Context observation = new Observation.Context();
			observation.addLowCardinalityKeyValue(KeyValue.of("uri", "/orders?token=abc"));
			observation.addHighCardinalityKeyValue(KeyValue.of("http.url", "http://u:p@host/orders?token=abc"));
			context.getBean(RedactingObservationFilter.class).map(observation);
			assertThat(observation.getLowCardinalityKeyValue("uri").getValue()).isEqualTo("/orders");
			assertThat(observation.getHighCardinalityKeyValue("http.url").getValue())
				.isEqualTo("http://REDACTED:REDACTED@host/orders?token=REDACTED");
		});
	}

	@Test
	void handsBootEveryProcessorWithThoseThatSeeEndedSpansWrappedAndNoSpanEndCopy() {
		SpanProcessor exporting = SimpleSpanProcessor.create(InMemorySpanExporter.create());
		this.runner.withBean("exporting", SpanProcessor.class, () -> exporting).run((context) -> {
			List<SpanProcessor> processors = new ArrayList<>();
			context.getBean(SpanProcessors.class).forEach(processors::add);
			assertThat(context).hasSingleBean(RedactingSpanProcessor.class);
			assertThat(processors).singleElement()
				.isInstanceOfSatisfying(ExportRedactingSpanProcessor.class,
						(wrapper) -> assertThat(wrapper.getDelegate()).isSameAs(exporting));
		});
	}

	@Test
	void backsOffForUserSpanProcessors() {
		SpanProcessors own = SpanProcessors.of(List.of());
		this.runner.withBean(SpanProcessors.class, () -> own)
			.run((context) -> assertThat(context.getBean(SpanProcessors.class)).isSameAs(own));
	}

	@Test
	void leavesSpanProcessorsToBootWhenOpenTelemetryIsOff() {
		this.runner.withPropertyValues("management.opentelemetry.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(Redactor.class).doesNotHaveBean(SpanProcessors.class));
	}

	@Test
	void bindsLists() {
		this.runner
			.withPropertyValues("tracewire.redaction.sensitive-query-parameters=session",
					"tracewire.redaction.sensitive-keys=pin", "tracewire.redaction.patterns=ACME-[0-9]+")
			.run((context) -> {
				Redactor redactor = context.getBean(Redactor.class);
				assertThat(redactor.redact("u", "/a?session=1&token=2")).isEqualTo("/a?session=REDACTED&token=2");
				assertThat(redactor.redact("pin", "1234")).isEqualTo("REDACTED");
				assertThat(redactor.redact("x", "id ACME-42")).isEqualTo("id REDACTED");
			});
	}

	@Test
	void refusesToCaptureCredentialHeaders() {
		this.runner.withPropertyValues("tracewire.redaction.captured-request-headers=x-note,Authorization")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'Authorization' header carries credentials"));
	}

	@Test
	void explainsAnInvalidPattern() {
		this.runner.withPropertyValues("tracewire.redaction.patterns=([unclosed")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Invalid pattern in tracewire.redaction.patterns: Unclosed character class")
				.hasRootCauseInstanceOf(java.util.regex.PatternSyntaxException.class));
	}

	@Test
	void backsOffForUserRedactor() {
		this.runner.withUserConfiguration(UserRedactorConfiguration.class)
			.run((context) -> assertThat(context.getBean(Redactor.class)).isSameAs(UserRedactorConfiguration.REDACTOR));
	}

	@Test
	void isOffByProperty() {
		this.runner.withPropertyValues("tracewire.redaction.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(Redactor.class);
			assertThat(context).doesNotHaveBean(ObservationFilter.class);
			assertThat(context).doesNotHaveBean(SpanProcessors.class);
		});
	}

	@Test
	void skipsWhatItsLibrariesAreMissingFor() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterFilter.class, ExtendedSpanProcessor.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(RedactingObservationFilter.class);
				assertThat(context).doesNotHaveBean(RedactingMeterFilter.class);
				assertThat(context).doesNotHaveBean(RedactingSpanProcessor.class);
				assertThat(context).doesNotHaveBean(SpanProcessors.class);
			});
		this.runner.withClassLoader(new FilteredClassLoader(SpanProcessors.class))
			.run((context) -> assertThat(context).hasSingleBean(RedactingSpanProcessor.class)
				.doesNotHaveBean(SpanProcessors.class));
		this.runner.withClassLoader(new FilteredClassLoader(ObservationFilter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(Redactor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRedactorConfiguration {

		static final Redactor REDACTOR = new Redactor(Set.of(), Set.of(), List.of());

		@Bean
		Redactor userRedactor() {
			return REDACTOR;
		}

	}

}
