package dev.tracewire.bench.micro;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tracewire.bench.micro.BenchContexts.CheckingExporter;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.SendResult;

/**
 * One {@code KafkaTemplate.send(topic, key, value)} into a fake producer (Kafka's {@link MockProducer}, completing
 * each send at once), so that only the client side is measured: the template, its observation and the PRODUCER
 * span with {@code traceparent} written into the record. The template is Boot's, configured by the real
 * auto-configurations of a started Boot application (Tracewire's post-processor and convention included when it
 * is on); the application only adds the fake producer factory, a cluster id known in advance (as it is after the
 * first real send) and, like {@link ServerSpanBenchmark}, a meter registry and synchronous export:
 * <ul>
 * <li>{@code untraced}: Boot's defaults with Tracewire and OpenTelemetry off (Boot leaves template observations
 * off anyway);</li>
 * <li>{@code boot}: Boot's tracing with {@code spring.kafka.template.observation-enabled=true} set by hand,
 * Tracewire off;</li>
 * <li>{@code tracewire}: Tracewire's defaults (observations on, its template convention, hardened propagation,
 * sampler, redaction, span-loss counting).</li>
 * </ul>
 * The variants are the ones of {@code KafkaThroughputBenchmark}. Each send starts a new trace, sampled (rate limit
 * off for Tracewire, see {@link BenchContexts#TRACEWIRE}). The record is new for every send, as its headers are
 * written; the producer forgets what it was sent every 1024 sends, in all variants alike.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KafkaSendBenchmark {

	private static final String TOPIC = "orders";

	private static final String KEY = "order-42";

	private static final String VALUE = "{\"orderId\":42,\"customer\":\"c-1001\",\"items\":[{\"sku\":\"A-17\",\"qty\":2}],"
			+ "\"total\":\"59.90\"}";

	private static final String BOOTSTRAP_SERVERS = "localhost:9092";

	@Param({ "untraced", "boot", "tracewire" })
	public String variant;

	private @Nullable ConfigurableApplicationContext application;

	private @Nullable KafkaTemplate<Object, Object> template;

	private @Nullable FakeProducer producer;

	@Setup
	public void setUp() throws Exception {
		List<String> args = switch (this.variant) {
			case "untraced" -> List.of("--tracewire.enabled=false", "--management.opentelemetry.enabled=false");
			case "boot" -> List.of("--tracewire.enabled=false", "--management.tracing.sampling.probability=1.0",
					"--spring.kafka.template.observation-enabled=true");
			case "tracewire" -> BenchContexts.TRACEWIRE;
			default -> throw new IllegalArgumentException(this.variant);
		};
		ConfigurableApplicationContext context = BenchContexts.start(WebApplicationType.NONE, SendApplication.class,
				args);
		this.application = context;
		this.producer = context.getBean(FakeProducer.class);
		@SuppressWarnings("unchecked")
		KafkaTemplate<Object, Object> kafkaTemplate = context.getBean(KafkaTemplate.class);
		this.template = kafkaTemplate;
		check(context);
	}

	// The send reaches the producer; traced variants write one traceparent and export one PRODUCER span.
	private void check(ConfigurableApplicationContext context) throws Exception {
		CheckingExporter exporter = context.getBean(CheckingExporter.class);
		long before = exporter.exported();
		send().get(5, TimeUnit.SECONDS);
		ProducerRecord<Object, Object> record = producer().history().get(producer().history().size() - 1);
		Header traceparent = record.headers().lastHeader("traceparent");
		SpanData span = exporter.last();
		boolean traced = !"untraced".equals(this.variant);
		if (traced) {
			if (traceparent == null || exporter.exported() != before + 1 || span == null
					|| span.getKind() != SpanKind.PRODUCER
					|| !new String(traceparent.value(), StandardCharsets.UTF_8).contains(span.getSpanId())) {
				throw new IllegalStateException(this.variant + ": expected a PRODUCER span and its traceparent, got "
						+ span + " and " + record.headers());
			}
			System.out.println("# " + this.variant + ": '" + span.getName() + "' " + span.getKind() + ", "
					+ span.getAttributes().asMap() + "; record headers " + readable(record.headers().toArray()));
		}
		else if (traceparent != null || exporter.exported() != before) {
			throw new IllegalStateException("untraced: the send was traced");
		}
	}

	private static List<String> readable(Header[] headers) {
		return Arrays.stream(headers)
			.map((header) -> header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8))
			.toList();
	}

	private FakeProducer producer() {
		FakeProducer fake = this.producer;
		if (fake == null) {
			throw new IllegalStateException("Not set up");
		}
		return fake;
	}

	@TearDown
	public void tearDown() {
		if (this.application != null) {
			this.application.close();
		}
	}

	@Benchmark
	public CompletableFuture<SendResult<Object, Object>> send() {
		KafkaTemplate<Object, Object> kafkaTemplate = this.template;
		if (kafkaTemplate == null) {
			throw new IllegalStateException("Not set up");
		}
		return kafkaTemplate.send(TOPIC, KEY, VALUE);
	}

	/**
	 * Boot's and Tracewire's auto-configurations, with a fake producer factory and a cluster id known in advance
	 * (else each observed send would ask a broker for it).
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(BenchContexts.SynchronousExport.class)
	static class SendApplication {

		@Bean
		FakeProducer fakeProducer() {
			return new FakeProducer();
		}

		@Bean
		MockProducerFactory<Object, Object> kafkaProducerFactory(FakeProducer producer) {
			return new MockProducerFactory<>(() -> producer) {

				// KafkaTemplate compares these with the admin's when observing.
				@Override
				public Map<String, Object> getConfigurationProperties() {
					return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP_SERVERS);
				}

			};
		}

		@Bean
		KafkaAdmin kafkaAdmin() {
			KafkaAdmin admin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP_SERVERS));
			admin.setAutoCreate(false);
			admin.setClusterId("bench-cluster");
			return admin;
		}

	}

	/**
	 * Kafka's mock producer, completing every send at once, that survives the template closing it after each
	 * send (as Spring's producer factories hand out producers that do) and forgets what it sent every 1024 sends.
	 */
	static final class FakeProducer extends MockProducer<Object, Object> {

		private int sends;

		FakeProducer() {
			super(true, null, new ToStringSerializer(), new ToStringSerializer());
		}

		@Override
		public synchronized Future<RecordMetadata> send(ProducerRecord<Object, Object> record, Callback callback) {
			if (++this.sends == 1024) {
				this.sends = 0;
				clear();
			}
			return super.send(record, callback);
		}

		@Override
		public void close() {
		}

		@Override
		public void close(Duration timeout) {
		}

	}

	static final class ToStringSerializer implements Serializer<Object> {

		@Override
		public byte[] serialize(String topic, Object data) {
			return String.valueOf(data).getBytes(StandardCharsets.UTF_8);
		}

	}

}
