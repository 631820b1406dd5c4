package dev.tracewire.redaction;

import java.sql.SQLException;
import java.util.List;

import dev.tracewire.redaction.autoconfigure.RedactionAutoConfiguration;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.internal.ExceptionAttributeResolver;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exception messages on real finished spans: a span marked failed through Micrometer's {@link Span#error} (as every
 * instrumentation does) exports masked messages in its status and its exception event.
 */
class ExceptionRedactionTracingTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedactionAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0")
		.withBean("testSpanProcessor", SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter));

	@Test
	void masksTheMessagesInTheStatusAndTheExceptionEvent() {
		IllegalStateException failure = new IllegalStateException(
				"calling http://alice:s3cret@pay.example/charge failed",
				new IllegalArgumentException("card 4556737586899855 declined"));
		this.runner.run((context) -> {
			SpanData span = failedSpan(context, failure);

			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getStatus().getDescription())
				.isEqualTo("calling http://REDACTED:REDACTED@pay.example/charge failed");
			EventData event = exceptionEvent(span);
			assertThat(event.getAttributes().get(ExceptionAttributeResolver.EXCEPTION_TYPE))
				.isEqualTo("java.lang.IllegalStateException");
			assertThat(event.getAttributes().get(ExceptionAttributeResolver.EXCEPTION_MESSAGE))
				.isEqualTo("calling http://REDACTED:REDACTED@pay.example/charge failed");
			assertThat(event.getAttributes().get(ExceptionAttributeResolver.EXCEPTION_STACKTRACE))
				.startsWith("java.lang.IllegalStateException: calling http://REDACTED:REDACTED@pay.example/charge")
				.contains("\tat " + failure.getStackTrace()[0])
				.contains("Caused by: java.lang.IllegalArgumentException: card REDACTED declined")
				.doesNotContain("s3cret", "4556737586899855");
		});
	}

	@Test
	void recordsDatabaseErrorsWithoutMessages() {
		RuntimeException failure = new RuntimeException("could not execute statement [insert into customer (email) "
				+ "values ('bob@example.com')]", new SQLException("Key (email)=(bob@example.com) already exists"));
		this.runner.run((context) -> {
			SpanData span = failedSpan(context, failure);

			assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(span.getStatus().getDescription()).isEmpty();
			EventData event = exceptionEvent(span);
			assertThat(event.getAttributes().get(ExceptionAttributeResolver.EXCEPTION_TYPE))
				.isEqualTo("java.lang.RuntimeException");
			assertThat(event.getAttributes().get(ExceptionAttributeResolver.EXCEPTION_MESSAGE)).isNull();
			assertThat(event.getAttributes().get(ExceptionAttributeResolver.EXCEPTION_STACKTRACE))
				.startsWith("java.lang.RuntimeException" + System.lineSeparator())
				.contains("Caused by: java.sql.SQLException" + System.lineSeparator())
				.doesNotContain("bob@example.com");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "tracewire.redaction.include-database-error-messages=true",
			"tracewire.jdbc.include-error-messages=true" })
	void keepsDatabaseErrorMessagesWhenAskedTo(String property) {
		RuntimeException failure = new RuntimeException("could not execute statement",
				new SQLException("Key (email)=(bob@example.com) already exists"));
		this.runner.withPropertyValues(property).run((context) -> {
			SpanData span = failedSpan(context, failure);

			assertThat(span.getStatus().getDescription()).isEqualTo("could not execute statement");
			assertThat(exceptionEvent(span).getAttributes().get(ExceptionAttributeResolver.EXCEPTION_STACKTRACE))
				.contains("Caused by: java.sql.SQLException: Key (email)=(bob@example.com) already exists");
		});
	}

	@Test
	void theRedactionSettingWinsOverTheJdbcOne() {
		RuntimeException failure = new RuntimeException("could not execute statement",
				new SQLException("Key (email)=(bob@example.com) already exists"));
		this.runner
			.withPropertyValues("tracewire.jdbc.include-error-messages=true",
					"tracewire.redaction.include-database-error-messages=false")
			.run((context) -> assertThat(failedSpan(context, failure).getStatus().getDescription()).isEmpty());
	}

	@Test
	void masksAStatusDescriptionSetWithoutAnException() {
		this.runner.run((context) -> {
			io.opentelemetry.api.trace.Span span = startOtelSpan(context);
			span.setStatus(StatusCode.ERROR, "gateway said: Bearer abc.def expired");
			span.end();

			assertThat(onlySpan().getStatus().getDescription()).isEqualTo("gateway said: Bearer REDACTED expired");
		});
	}

	@Test
	void recordsOnlyTheTypeOfAnExceptionThatCannotTellItsMessage() {
		this.runner.run((context) -> {
			io.opentelemetry.api.trace.Span span = startOtelSpan(context);
			span.recordException(new BrokenException());
			span.end();

			assertThat(exceptionEvent(onlySpan()).getAttributes().asMap()).hasSize(1)
				.containsEntry(ExceptionAttributeResolver.EXCEPTION_TYPE, BrokenException.class.getCanonicalName());
		});
	}

	@Test
	void leavesExceptionsAloneWhenRedactionIsOff() {
		IllegalStateException failure = new IllegalStateException("Bearer abc.def expired");
		this.runner.withPropertyValues("tracewire.redaction.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ExceptionAttributeResolver.class);
			SpanData span = failedSpan(context, failure);

			assertThat(span.getStatus().getDescription()).isEqualTo("Bearer abc.def expired");
			assertThat(exceptionEvent(span).getAttributes().get(ExceptionAttributeResolver.EXCEPTION_MESSAGE))
				.isEqualTo("Bearer abc.def expired");
		});
	}

	@Test
	void backsOffForTheApplicationsOwnResolver() {
		ExceptionAttributeResolver own = (setter, throwable, limit) -> setter
			.setAttribute(ExceptionAttributeResolver.EXCEPTION_TYPE, "custom");
		this.runner.withBean("ownResolver", ExceptionAttributeResolver.class, () -> own).run((context) -> {
			assertThat(context.getBean(ExceptionAttributeResolver.class)).isSameAs(own);
			SpanData span = failedSpan(context, new IllegalStateException("Bearer abc.def expired"));

			assertThat(exceptionEvent(span).getAttributes().asMap()).hasSize(1)
				.containsEntry(ExceptionAttributeResolver.EXCEPTION_TYPE, "custom");
		});
	}

	private SpanData failedSpan(AssertableApplicationContext context, Throwable failure) {
		Span span = context.getBean(Tracer.class).nextSpan().name("charge").start();
		span.error(failure);
		span.end();
		return onlySpan();
	}

	private static io.opentelemetry.api.trace.Span startOtelSpan(AssertableApplicationContext context) {
		return context.getBean(io.opentelemetry.api.trace.Tracer.class).spanBuilder("charge").startSpan();
	}

	private SpanData onlySpan() {
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

	static class BrokenException extends RuntimeException {

		@Override
		public String getMessage() {
			throw new IllegalStateException("no message today");
		}

	}

	private static EventData exceptionEvent(SpanData span) {
		return span.getEvents().stream().filter((event) -> event.getName().equals("exception")).findFirst().orElseThrow();
	}

}
