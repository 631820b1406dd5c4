package dev.tracewire.http;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceResponseFormatTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN_ID = "00f067aa0ba902b7";

	@Test
	void formatsVersionTraceIdSpanIdAndFlags() {
		assertThat(TraceResponse.format(TRACE_ID, SPAN_ID, 0x01)).isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-01");
		assertThat(TraceResponse.format(TRACE_ID, SPAN_ID, 0x00)).endsWith("-00");
		assertThat(TraceResponse.format(TRACE_ID, SPAN_ID, 0x03)).endsWith("-03");
	}

	@Test
	void sendsReservedFlagBitsAsZero() {
		assertThat(TraceResponse.format(TRACE_ID, SPAN_ID, 0xff)).endsWith("-03");
		assertThat(TraceResponse.format(TRACE_ID, SPAN_ID, 0x81)).endsWith("-01");
	}

	@Test
	void rejectsInvalidIds() {
		assertThat(TraceResponse.format("00000000000000000000000000000000", SPAN_ID, 1)).isNull();
		assertThat(TraceResponse.format(TRACE_ID, "0000000000000000", 1)).isNull();
		assertThat(TraceResponse.format(TRACE_ID.toUpperCase(), SPAN_ID, 1)).isNull();
		assertThat(TraceResponse.format(TRACE_ID.substring(1), SPAN_ID, 1)).isNull();
		assertThat(TraceResponse.format(TRACE_ID, SPAN_ID + "0", 1)).isNull();
		assertThat(TraceResponse.format(TRACE_ID.replace('4', 'g'), SPAN_ID, 1)).isNull();
	}

	@Test
	void hasNoValueForANoopSpan() {
		assertThat(TraceResponse.of(Span.NOOP)).isNull();
	}

	@Test
	void takesIdsAndFlagsOfAnOpenTelemetrySpanFromItsSpanContext() {
		assertThat(TraceResponse.of(otelSpan(TRACE_ID, SPAN_ID, (byte) 0x03)))
			.isEqualTo("00-" + TRACE_ID + "-" + SPAN_ID + "-03");
		assertThat(TraceResponse.of(otelSpan(TRACE_ID, SPAN_ID, (byte) 0x80))).endsWith("-00");
		assertThat(TraceResponse.of(otelSpan("00000000000000000000000000000000", SPAN_ID, (byte) 1))).isNull();
		assertThat(TraceResponse.of(otelSpan(TRACE_ID.toUpperCase(), SPAN_ID, (byte) 1))).isNull();
	}

	private static Span otelSpan(String traceId, String spanId, byte flags) {
		SpanContext context = SpanContext.create(traceId, spanId, TraceFlags.fromByte(flags), TraceState.getDefault());
		return OtelSpan.fromOtel(io.opentelemetry.api.trace.Span.wrap(context));
	}

}
