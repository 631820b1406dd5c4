package dev.tracewire.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.tracewire.kafka.autoconfigure.KafkaTracingAutoConfiguration;
import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTestAutoConfiguration;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tracewire.kafka.batch.record-spans} on and off, with Boot's real tracing and no broker: a batch is handed
 * to the batch interceptor of Boot's container factory the way the container does, and the spans are read back.
 */
class BatchRecordSpansSwitchTests {

	private static final String PRODUCER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PRODUCER_SPAN_ID = "00f067aa0ba902b7";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, TracewireTestAutoConfiguration.class,
				KafkaAutoConfiguration.class, KafkaTracingAutoConfiguration.class))
		.withPropertyValues("management.tracing.sampling.probability=1.0",
				"spring.kafka.listener.observation-enabled=true");

	@Test
	void recordWithATraceContextGetsASpanInItsTraceByDefault() {
		this.runner.run((context) -> {
			List<SpanData> spans = processBatch(context, BatchInterceptor::success);

			SpanData batch = single(spans, "orders batch process");
			SpanData record = single(spans, "orders process");
			assertThat(batch).isRoot().hasKind(SpanKind.CONSUMER);
			assertThat(record).hasKind(SpanKind.CONSUMER)
				.hasTraceId(PRODUCER_TRACE_ID)
				.hasAttribute("messaging.kafka.offset", "0");
			assertThat(record.getParentSpanId()).isEqualTo(PRODUCER_SPAN_ID);
			assertThat(record.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
			assertThat(record.getParentSpanContext().isRemote()).isTrue();
			assertThat(record.getLinks()).singleElement()
				.satisfies((link) -> assertThat(link.getSpanContext()).isEqualTo(batch.getSpanContext()));
		});
	}

	@Test
	void recordSpansEndWithTheBatchsError() {
		this.runner.run((context) -> {
			List<SpanData> spans = processBatch(context, (interceptor, records, consumer) -> interceptor
				.failure(records, new ListenerExecutionFailedException("listener failed",
						new IllegalStateException("batch rejected")), consumer));

			assertThat(single(spans, "orders batch process")).hasStatus(StatusCode.ERROR);
			assertThat(single(spans, "orders process")).hasStatus(StatusCode.ERROR)
				.hasAttribute("error.type", IllegalStateException.class.getName());
		});
	}

	@Test
	void onlyTheBatchSpanWhenSwitchedOff() {
		this.runner.withPropertyValues("tracewire.kafka.batch.record-spans=false").run((context) -> {
			List<SpanData> spans = processBatch(context, BatchInterceptor::success);

			assertThat(spans).hasSize(1);
			SpanData batch = spans.get(0);
			assertThat(batch).hasName("orders batch process").isRoot();
			assertThat(batch.getLinks()).singleElement()
				.satisfies((link) -> assertThat(link.getSpanContext().getSpanId()).isEqualTo(PRODUCER_SPAN_ID));
		});
	}

	// Two records, one with a producer's traceparent, one without any trace header.
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static List<SpanData> processBatch(AssertableApplicationContext context, BatchOutcome outcome) {
		BatchInterceptor interceptor = context.getBean(ConcurrentKafkaListenerContainerFactory.class)
			.getBatchInterceptor();
		ConsumerRecord<String, String> traced = new ConsumerRecord<>("orders", 0, 0, "key", "traced");
		traced.headers().add("traceparent", ("00-" + PRODUCER_TRACE_ID + "-" + PRODUCER_SPAN_ID + "-01")
			.getBytes(StandardCharsets.UTF_8));
		ConsumerRecord<String, String> untraced = new ConsumerRecord<>("orders", 0, 1, "key", "untraced");
		ConsumerRecords<String, String> records = new ConsumerRecords<>(
				Map.of(new TopicPartition("orders", 0), List.of(traced, untraced)), Map.of());
		// A real client that never connects: the interceptor only reads its group and client id.
		try (Consumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"), new StringDeserializer(),
				new StringDeserializer())) {
			assertThat(interceptor.intercept(records, consumer)).isSameAs(records);
			outcome.accept(interceptor, records, consumer);
			interceptor.clearThreadState(consumer);
		}
		return TestSpans.from(context).finished();
	}

	private static SpanData single(List<SpanData> spans, String name) {
		return Traces.single(spans, name, SpanKind.CONSUMER);
	}

	@FunctionalInterface
	private interface BatchOutcome {

		void accept(BatchInterceptor<String, String> interceptor, ConsumerRecords<String, String> records,
				Consumer<String, String> consumer);

	}

}
