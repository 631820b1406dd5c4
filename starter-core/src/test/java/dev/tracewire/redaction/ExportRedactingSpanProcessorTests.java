package dev.tracewire.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import org.junit.jupiter.api.Test;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

class ExportRedactingSpanProcessorTests {

	private final Redactor redactor = new Redactor(Set.of("token"), Set.of("password"), List.of());

	private final ExceptionRedactor exceptions = new ExceptionRedactor(this.redactor, false);

	private final SpanRedaction redaction = new SpanRedaction(this.redactor, this.exceptions);

	@Test
	void leavesProcessorsThatNeverSeeEndedSpansAsTheyAre() {
		Recording startOnly = new Recording(false);
		assertThat(ExportRedactingSpanProcessor.wrap(startOnly, this.redactor, this.exceptions)).isSameAs(startOnly);
	}

	@Test
	void wrapsOnce() {
		SpanProcessor wrapped = ExportRedactingSpanProcessor.wrap(new Recording(true), this.redactor, this.exceptions);
		assertThat(wrapped).isInstanceOf(ExportRedactingSpanProcessor.class);
		assertThat(ExportRedactingSpanProcessor.wrap(wrapped, this.redactor, this.exceptions)).isSameAs(wrapped);
	}

	@Test
	void passesEveryCallOnAndTheSpanWithMaskedEvents() {
		Recording recording = new Recording(true);
		SpanProcessor wrapped = ExportRedactingSpanProcessor.wrap(recording, this.redactor, this.exceptions);
		assertThat(((ExportRedactingSpanProcessor) wrapped).getDelegate()).isSameAs(recording);
		try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(wrapped).build()) {
			Span span = provider.get("test").spanBuilder("checkout").startSpan();
			span.addEvent("login", Attributes.of(stringKey("password"), "hunter2", stringKey("user"), "bob"));
			span.end();
			provider.forceFlush();
		}
		assertThat(recording.calls).containsExactly("onStart checkout", "onEnding checkout", "onEnd checkout",
				"forceFlush", "shutdown");
		assertThat(recording.ended).singleElement().satisfies((data) -> {
			assertThat(data.getName()).isEqualTo("checkout");
			assertThat(data.getEvents()).singleElement().satisfies((event) -> {
				assertThat(event.getName()).isEqualTo("login");
				assertThat(event.getAttributes().get(stringKey("password"))).isEqualTo("REDACTED");
				assertThat(event.getAttributes().get(stringKey("user"))).isEqualTo("bob");
			});
		});
	}

	@Test
	void masksAttributesAndStatusOfTheEndedSpanForTheWrappedProcessorOnly() {
		Recording recording = new Recording(true);
		SpanProcessor wrapped = ExportRedactingSpanProcessor.wrap(recording, this.redactor, this.exceptions);
		List<String> seenAtEnd = new ArrayList<>();
		SpanProcessor reader = new SpanProcessor() {

			@Override
			public void onStart(Context parentContext, ReadWriteSpan span) {
			}

			@Override
			public boolean isStartRequired() {
				return false;
			}

			@Override
			public void onEnd(ReadableSpan span) {
				seenAtEnd.add(span.getAttribute(stringKey("url")));
				seenAtEnd.add(span.getAttributes().get(stringKey("password")));
			}

			@Override
			public boolean isEndRequired() {
				return true;
			}

		};
		SpanProcessor wrappedReader = ExportRedactingSpanProcessor.wrap(reader, this.redactor, this.exceptions);
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(wrapped)
			.addSpanProcessor(wrappedReader)
			.build()) {
			Span span = provider.get("test").spanBuilder("checkout").startSpan();
			span.setAttribute("url", "https://shop/pay?token=abc&page=2");
			span.setAttribute("password", "hunter2");
			span.setAttribute("user", "bob");
			span.setStatus(StatusCode.ERROR, "card 4111111111111111 declined");
			span.end();
			assertThat(((ReadableSpan) span).getAttribute(stringKey("password"))).as("the span itself is untouched")
				.isEqualTo("hunter2");
		}
		assertThat(seenAtEnd).containsExactly("https://shop/pay?token=REDACTED&page=2", "REDACTED");
		assertThat(recording.ended).singleElement().satisfies((data) -> {
			assertThat(data.getAttributes().get(stringKey("url"))).isEqualTo("https://shop/pay?token=REDACTED&page=2");
			assertThat(data.getAttributes().get(stringKey("password"))).isEqualTo("REDACTED");
			assertThat(data.getAttributes().get(stringKey("user"))).isEqualTo("bob");
			assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(data.getStatus().getDescription()).isEqualTo("card REDACTED declined");
		});
	}

	@Test
	void masksAStatusDescriptionThatRepeatsARecordedExceptionAsThatExceptionsMessage() {
		Recording recording = new Recording(true);
		SpanProcessor wrapped = ExportRedactingSpanProcessor.wrap(recording, this.redactor, this.exceptions);
		IllegalStateException failure = new IllegalStateException("card 4111111111111111 rejected");
		try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(wrapped).build()) {
			Span span = provider.get("test").spanBuilder("login").startSpan();
			span.recordException(failure);
			span.setStatus(StatusCode.ERROR, failure.getMessage());
			span.end();
		}
		assertThat(recording.ended).singleElement()
			.satisfies((data) -> assertThat(data.getStatus().getDescription())
				.isEqualTo(this.exceptions.message(failure))
				.doesNotContain("4111111111111111"));
	}

	@Test
	void leavesOutSpanEndRedactionWhenWrappingAll() {
		Recording exporting = new Recording(true);
		Recording startOnly = new Recording(false);
		SpanProcessor atEnd = new RedactingSpanProcessor(this.redactor, this.exceptions);
		List<SpanProcessor> all = ExportRedactingSpanProcessor.wrapAll(List.of(startOnly, atEnd, exporting),
				this.redactor, this.exceptions);
		assertThat(all).hasSize(2);
		assertThat(all.get(0)).isSameAs(startOnly);
		assertThat(all.get(1)).isInstanceOfSatisfying(ExportRedactingSpanProcessor.class,
				(wrapper) -> assertThat(wrapper.getDelegate()).isSameAs(exporting));
	}

	@Test
	void returnsTheSameDataWhenNothingNeedsMasking() {
		SpanData clean = spanData(List.of(EventData.create(1, "login", Attributes.of(stringKey("user"), "bob"))));
		assertThat(this.redaction.redact(clean)).isSameAs(clean);
		SpanData none = spanData(List.of());
		assertThat(this.redaction.redact(none)).isSameAs(none);
	}

	@Test
	void replacesOnlyTheEventsThatNeededMasking() {
		EventData clean = EventData.create(1, "login", Attributes.of(stringKey("user"), "bob"));
		EventData secret = EventData.create(2, "reset", Attributes.of(stringKey("password"), "hunter2"), 3);
		SpanData data = spanData(List.of(clean, secret));

		SpanData redacted = this.redaction.redact(data);

		assertThat(redacted.getEvents()).hasSize(2);
		assertThat(redacted.getEvents().get(0)).isSameAs(clean);
		EventData masked = redacted.getEvents().get(1);
		assertThat(masked.getName()).isEqualTo("reset");
		assertThat(masked.getEpochNanos()).isEqualTo(2);
		assertThat(masked.getTotalAttributeCount()).isEqualTo(3);
		assertThat(masked.getAttributes().get(stringKey("password"))).isEqualTo("REDACTED");
		assertThat(redacted.getSpanContext()).isEqualTo(data.getSpanContext());
		assertThat(redacted.getName()).isEqualTo(data.getName());
		assertThat(data.getEvents().get(1)).as("the original is untouched").isSameAs(secret);
	}

	private static SpanData spanData(List<EventData> events) {
		return TestSpanData.builder()
			.setName("checkout")
			.setKind(SpanKind.SERVER)
			.setStartEpochNanos(0)
			.setEndEpochNanos(10)
			.setHasEnded(true)
			.setStatus(StatusData.create(StatusCode.UNSET, ""))
			.setEvents(events)
			.setTotalRecordedEvents(events.size())
			.build();
	}

	private static final class Recording implements ExtendedSpanProcessor {

		private final boolean endRequired;

		private final List<String> calls = new ArrayList<>();

		private final List<SpanData> ended = new ArrayList<>();

		Recording(boolean endRequired) {
			this.endRequired = endRequired;
		}

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
			this.calls.add("onStart " + span.getName());
		}

		@Override
		public boolean isStartRequired() {
			return true;
		}

		@Override
		public void onEnding(ReadWriteSpan span) {
			this.calls.add("onEnding " + span.getName());
		}

		@Override
		public boolean isOnEndingRequired() {
			return true;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			this.calls.add("onEnd " + span.getName());
			this.ended.add(span.toSpanData());
		}

		@Override
		public boolean isEndRequired() {
			return this.endRequired;
		}

		@Override
		public CompletableResultCode forceFlush() {
			this.calls.add("forceFlush");
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			this.calls.add("shutdown");
			return CompletableResultCode.ofSuccess();
		}

	}

}
