package dev.tracewire.test;

import java.util.List;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Entry points for AssertJ assertions on captured spans and trace trees.
 *
 * <pre class="code">
 * assertThat(spans.awaitCount(2)).hasExactlyOneTrace().hasParentChild("http get", "http get /orders");
 * assertThat(spans).span("checkout").hasKind(SpanKind.INTERNAL).hasAttribute("items", 3);
 * </pre>
 */
public final class TracewireAssertions {

	private TracewireAssertions() {
	}

	/**
	 * Create assertions on a list of spans.
	 * @param spans the spans, typically from {@link TestSpans#awaitCount(int)}
	 * @return the assertions
	 */
	public static SpansAssert assertThat(List<SpanData> spans) {
		return new SpansAssert(spans);
	}

	/**
	 * Create assertions on the spans finished so far.
	 * @param spans the captured spans; {@link TestSpans#finished()} is read once, now
	 * @return the assertions
	 */
	public static SpansAssert assertThat(TestSpans spans) {
		return new SpansAssert(spans.finished());
	}

	/**
	 * Create assertions on one span.
	 * @param span the span
	 * @return the assertions
	 */
	public static SpanAssert assertThat(SpanData span) {
		return new SpanAssert(span);
	}

}
