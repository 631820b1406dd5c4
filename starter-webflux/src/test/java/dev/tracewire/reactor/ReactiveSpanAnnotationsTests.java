package dev.tracewire.reactor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracewire.testapp.AnnotatedService;
import dev.tracewire.testapp.LeafController;
import dev.tracewire.testapp.Observed;
import dev.tracewire.testapp.SpanLifecycleCounter;
import dev.tracewire.testapp.TestApplication;
import dev.tracewire.testapp.TracedWork;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.micrometer.tracing.annotation.MethodInvocationProcessor;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Micrometer's {@code @NewSpan}, {@code @ContinueSpan} and {@code @SpanTag} on methods returning {@code Mono} and
 * {@code Flux}: the span covers subscription to termination, is the parent of what runs inside, records errors,
 * and ends exactly once, also when cancelled.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { TestApplication.ANNOTATIONS, TestApplication.EXCLUDED_WEB_CLIENT })
@TracewireTest
class ReactiveSpanAnnotationsTests {

	@LocalServerPort
	int port;

	@Autowired
	TestSpans spans;

	@Autowired
	AnnotatedService service;

	@Autowired
	SpanLifecycleCounter lifecycle;

	@Autowired
	MethodInvocationProcessor processor;

	@Test
	void bootsSpanAspectUsesTheReactiveProcessor() {
		assertThat(this.processor).isInstanceOf(ReactiveSpanMethodInvocationProcessor.class);
	}

	@Test
	void newSpanOnMonoIsChildOfRequestAndParentOfWorkInside() {
		Observed observed = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/annotated/lookup/book-7")
			.retrieve()
			.bodyToMono(Observed.class)
			.block();
		SpanData server = this.spans.awaitSpan("http get /annotated/lookup/{item}", SpanKind.SERVER);
		SpanData lookup = this.spans.awaitSpan("reactive-lookup");
		SpanData work = this.spans.awaitSpan(TracedWork.SPAN_NAME);
		assertThat(this.spans.finished()).hasExactlyOneTrace().hasSize(3);
		assertThat(lookup).isChildOf(server)
			.hasKind(SpanKind.INTERNAL)
			.hasAttribute("item", "book-7")
			.hasAttribute("annotated.class", "AnnotatedService")
			.hasAttribute("annotated.method", "lookup");
		assertThat(work).isChildOf(lookup);
		assertThat(observed.spanId()).isEqualTo(lookup.getSpanId());
		assertThat(observed.mdcTraceId()).isEqualTo(server.getTraceId());
	}

	@Test
	void newSpanCoversSubscriptionToTerminationNotTheMethodCall() throws InterruptedException {
		Mono<Observed> lookup = this.service.lookup("later");
		Thread.sleep(30);
		assertThat(this.spans.finished()).hasSize(0);
		lookup.block();
		SpanData span = this.spans.awaitSpan("reactive-lookup");
		long durationMillis = TimeUnit.NANOSECONDS.toMillis(span.getEndEpochNanos() - span.getStartEpochNanos());
		// The method delays 20 ms after subscription; the 30 ms before subscription are not part of the span.
		assertThat(durationMillis).isBetween(19L, 29L + 1000L);
		assertThat(span).isRoot();
	}

	@Test
	void webClientCallInsideNewSpanIsItsChild() {
		String traceparent = this.service.lookupRemotely().block();
		SpanData annotated = this.spans.awaitSpan("lookup-remotely");
		SpanData client = this.spans.awaitSpan("http get", SpanKind.CLIENT);
		SpanData leaf = this.spans.awaitSpan(LeafController.SPAN_NAME, SpanKind.SERVER);
		assertThat(this.spans.finished()).hasExactlyOneTrace();
		assertThat(client).isChildOf(annotated);
		assertThat(leaf).isChildOf(client);
		assertThat(traceparent).contains(client.getSpanId());
	}

	@Test
	void errorIsRecordedOnTheSpan() {
		assertThatIllegalStateException().isThrownBy(() -> this.service.failingLookup().block())
			.withMessage("lookup failed");
		assertThat(this.spans.awaitSpan("failing-lookup")).hasErrorStatus().hasEventNamed("exception");
	}

	@Test
	void cancellationEndsTheSpanOnce() {
		long started = this.lifecycle.started();
		long ended = this.lifecycle.ended();
		List<Long> first = this.service.ticks().take(1).collectList().block(Duration.ofSeconds(5));
		assertThat(first).hasSize(1);
		assertThat(this.spans.awaitSpan("ticks")).hasEventNamed("cancel");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.lifecycle.ended() - ended).isEqualTo(this.lifecycle.started() - started));
		assertThat(this.lifecycle.started() - started).isEqualTo(1);
		assertThat(this.lifecycle.unmatchedEnds()).isZero();
	}

	@Test
	void everySubscriptionGetsItsOwnSpan() {
		Mono<Observed> lookup = this.service.lookup("twice");
		lookup.block();
		lookup.block();
		List<SpanData> lookups = this.spans.awaitCount(4)
			.stream()
			.filter((span) -> span.getName().equals("reactive-lookup"))
			.toList();
		assertThat(lookups).hasSize(2);
		assertThat(lookups.get(0).getTraceId()).isNotEqualTo(lookups.get(1).getTraceId());
	}

	@Test
	void continueSpanOnMonoTagsAndLogsOnTheRequestSpan() {
		Observed observed = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/annotated/audit/alice")
			.retrieve()
			.bodyToMono(Observed.class)
			.block();
		SpanData server = this.spans.awaitSpan("http get /annotated/audit/{who}", SpanKind.SERVER);
		assertThat(server).hasAttribute("who", "alice")
			.hasAttribute("annotated.method", "audit")
			.hasEventNamed("audit.before")
			.hasEventNamed("audit.after");
		assertThat(this.spans.awaitSpan(TracedWork.SPAN_NAME)).isChildOf(server);
		assertThat(observed.spanId()).isEqualTo(server.getSpanId());
		assertThat(this.spans.finished()).hasSize(2);
	}

	@Test
	void continueSpanWithoutCurrentSpanStartsOne() {
		this.service.audit("bob").block();
		assertThat(this.spans.awaitSpan("audit")).isRoot()
			.hasAttribute("who", "bob")
			.hasEventNamed("audit.before")
			.hasEventNamed("audit.after");
	}

	@Test
	void imperativeMethodsAreStillHandledByMicrometer() {
		assertThat(this.service.blockingLookup()).isEqualTo("blocking");
		assertThat(this.spans.awaitSpan("blocking-lookup")).isRoot().hasAttribute("annotated.method", "blockingLookup");
		assertThat(this.spans.finished()).hasSize(1);
	}

}
