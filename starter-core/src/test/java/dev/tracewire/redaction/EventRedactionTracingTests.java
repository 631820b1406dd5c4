package dev.tracewire.redaction;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.tracewire.redaction.autoconfigure.RedactionAutoConfiguration;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.common.internal.ExceptionAttributeResolver;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.ExceptionEventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attributes of span events that user code adds through the OpenTelemetry API, on real finished spans: masked for
 * every processor that receives ended spans, here an in-memory capture as a test would use.
 */
class EventRedactionTracingTests {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedactionAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0")
		.withBean("testSpanProcessor", SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter));

	@Test
	void masksTheAttributesOfEventsUserCodeAdds() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SpanProcessors.class);
			SpanData span = endedSpan(context, (current) -> {
				current.addEvent("before", Attributes.of(stringKey("note"), "nothing secret here"));
				current.addEvent("payment", Attributes.builder()
					.put("password", "hunter2")
					.put("payment.note", "paid with 4556737586899855")
					.put("auth", "Bearer abc.def")
					.put(stringArrayKey("urls"), List.of("http://alice:s3cret@pay.example/charge", "/orders?page=2"))
					.put(longKey("amount"), 42L)
					.build());
			});

			assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("before", "payment");
			assertThat(span.getEvents().get(0).getAttributes().get(stringKey("note")))
				.isEqualTo("nothing secret here");
			Attributes payment = span.getEvents().get(1).getAttributes();
			assertThat(payment.get(stringKey("password"))).isEqualTo("REDACTED");
			assertThat(payment.get(stringKey("payment.note"))).isEqualTo("paid with REDACTED");
			assertThat(payment.get(stringKey("auth"))).isEqualTo("Bearer REDACTED");
			assertThat(payment.get(stringArrayKey("urls")))
				.containsExactly("http://REDACTED:REDACTED@pay.example/charge", "/orders?page=2");
			assertThat(payment.get(longKey("amount"))).isEqualTo(42L);
			assertThat(payment.size()).isEqualTo(5);
			assertThat(span.getEvents().get(1).getEpochNanos()).isGreaterThanOrEqualTo(
					span.getEvents().get(0).getEpochNanos());
		});
	}

	@Test
	void masksTheExtraAttributesOfARecordedExceptionAndKeepsItAnExceptionEvent() {
		IllegalStateException failure = new IllegalStateException("charge failed for card 4556737586899855");
		this.runner.run((context) -> {
			SpanData span = endedSpan(context, (current) -> current.recordException(failure,
					Attributes.of(stringKey("request.url"), "http://alice:s3cret@pay.example/charge?token=abc")));

			assertThat(span.getEvents()).singleElement().isInstanceOfSatisfying(ExceptionEventData.class, (event) -> {
				assertThat(event.getException()).isSameAs(failure);
				assertThat(event.getAttributes().get(stringKey("request.url")))
					.isEqualTo("http://REDACTED:REDACTED@pay.example/charge?token=REDACTED");
				assertThat(event.getAttributes().get(ExceptionAttributeResolver.EXCEPTION_MESSAGE))
					.isEqualTo("charge failed for card REDACTED");
				assertThat(event.getAttributes().get(ExceptionAttributeResolver.EXCEPTION_TYPE))
					.isEqualTo("java.lang.IllegalStateException");
			});
		});
	}

	@Test
	void leavesEventsAsTheyAreWhenRedactionIsOff() {
		this.runner.withPropertyValues("tracewire.redaction.enabled=false").run((context) -> {
			SpanData span = endedSpan(context,
					(current) -> current.addEvent("payment", Attributes.of(stringKey("password"), "hunter2")));

			assertThat(span.getEvents()).singleElement()
				.satisfies((event) -> assertThat(event.getAttributes().get(stringKey("password")))
					.isEqualTo("hunter2"));
		});
	}

	private SpanData endedSpan(AssertableApplicationContext context, Consumer<Span> events) {
		assertThat(context).hasNotFailed();
		Span span = context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("checkout").startSpan();
		events.accept(span);
		span.setAttribute(stringKey("order"), "o-1");
		span.end();
		context.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		assertThat(spans).singleElement()
			.satisfies((data) -> assertThat(data.getAttributes().get(stringKey("order"))).isEqualTo("o-1"));
		return spans.get(0);
	}

}
