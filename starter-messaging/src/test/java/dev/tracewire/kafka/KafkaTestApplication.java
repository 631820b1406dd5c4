package dev.tracewire.kafka;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.baggage.Baggage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.DltHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.converter.MessagingMessageConverter;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.awaitility.Awaitility.await;

/**
 * The application the broker tests share (one context, one embedded broker): record, batch (with and without
 * {@link KafkaBatchTracing}), retry-topic and
 * poison listeners, an {@code @Async} sender and a WebFlux endpoint that sends from a Reactor chain. It has no
 * tracing code except the one helper call a batch listener makes.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableAsync
@Import({ KafkaTestApplication.Listeners.class, KafkaTestApplication.AsyncSender.class,
		KafkaTestApplication.OrdersController.class })
public class KafkaTestApplication {

	static final String ORDERS = "orders";

	static final String BATCH_ORDERS = "batch-orders";

	static final String PLAIN_BATCH = "plain-batch";

	static final Duration PLAIN_BATCH_WORK = Duration.ofMillis(100);

	static final String PAYMENTS = "payments";

	static final String POISON = "poison";

	static final String POISON_ECHO = "poison-echo";

	static final String ASYNC_ORDERS = "async-orders";

	static final String WEB_ORDERS = "web-orders";

	static final String CONVERSIONS = "conversions";

	static final String UNCONVERTIBLE = "unconvertible";

	static final String LISTENER_LOGGER = "dev.tracewire.kafka.test.listener";

	@Bean
	Captured captured() {
		return new Captured();
	}

	// One retry, then spring-kafka's default recoverer logs the failed record at ERROR.
	@Bean
	DefaultErrorHandler kafkaErrorHandler() {
		return new DefaultErrorHandler(new FixedBackOff(0L, 1L));
	}

	@Bean
	LeakWatch.OpenSpans openSpans() {
		return new LeakWatch.OpenSpans();
	}

	@Bean
	LeakWatch.OpenKafkaObservations openKafkaObservations() {
		return new LeakWatch.OpenKafkaObservations();
	}

	// The application's own factory, built with Boot's configurer, whose converter rejects some records before
	// the listener method is reached (as a JSON converter does with a malformed payload).
	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> convertingContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumerFactory);
		factory.setRecordMessageConverter(new MessagingMessageConverter() {

			@Override
			public Message<?> toMessage(ConsumerRecord<?, ?> record, @Nullable Object acknowledgment,
					@Nullable Object consumer, @Nullable Type type) {
				if (UNCONVERTIBLE.equals(record.value())) {
					throw new MessageConversionException("cannot convert this record");
				}
				return super.toMessage(record, acknowledgment, consumer, type);
			}

		});
		return factory;
	}

	static class Listeners {

		private static final Log logger = LogFactory.getLog(LISTENER_LOGGER);

		private final Captured captured;

		private final Tracer tracer;

		private final ObservationRegistry observationRegistry;

		private final KafkaTemplate<String, String> kafkaTemplate;

		Listeners(Captured captured, Tracer tracer, ObservationRegistry observationRegistry,
				KafkaTemplate<String, String> kafkaTemplate) {
			this.captured = captured;
			this.tracer = tracer;
			this.observationRegistry = observationRegistry;
			this.kafkaTemplate = kafkaTemplate;
		}

		@KafkaListener(id = ORDERS, topics = ORDERS)
		void onOrder(ConsumerRecord<String, String> record) {
			this.captured.add(record, this.tracer);
			logger.info("processing an order");
			if (record.value().startsWith("fail")) {
				throw new IllegalStateException("order rejected");
			}
		}

		@KafkaListener(id = BATCH_ORDERS, topics = BATCH_ORDERS, batch = "true")
		void onOrders(List<ConsumerRecord<String, String>> records) {
			this.captured.batches.add(new ReceivedBatch(records.size(), MDC.get("traceId")));
			KafkaBatchTracing.forEach(records, (record) -> Observation
				.createNotStarted("record-work", this.observationRegistry)
				.observe(() -> this.captured.add(record, this.tracer)));
			if (records.stream().anyMatch((record) -> record.value().startsWith("fail"))) {
				throw new IllegalStateException("batch rejected");
			}
		}

		// No tracing code at all: what this batch listener's records show comes from the starter alone.
		@KafkaListener(id = PLAIN_BATCH, topics = PLAIN_BATCH, batch = "true")
		void onPlainBatch(List<ConsumerRecord<String, String>> records) throws InterruptedException {
			records.forEach((record) -> this.captured.add(record, this.tracer));
			Thread.sleep(PLAIN_BATCH_WORK.toMillis());
			if (records.stream().anyMatch((record) -> record.value().startsWith("fail"))) {
				throw new IllegalStateException("batch rejected");
			}
		}

		@RetryableTopic(attempts = "3", backOff = @BackOff(delay = 200))
		@KafkaListener(id = PAYMENTS, topics = PAYMENTS)
		void onPayment(ConsumerRecord<String, String> record) {
			this.captured.add(record, this.tracer);
			throw new IllegalStateException("payment declined");
		}

		@DltHandler
		void onPaymentDeadLetter(ConsumerRecord<String, String> record) {
			this.captured.add(record, this.tracer);
		}

		@KafkaListener(id = POISON, topics = POISON)
		void onPoison(ConsumerRecord<String, String> record) throws Exception {
			this.captured.add(record, this.tracer);
			SendResult<String, String> echo = this.kafkaTemplate.send(POISON_ECHO, "echo").get(10, TimeUnit.SECONDS);
			this.captured.echoes.put(record.offset(), copy(echo.getProducerRecord().headers()));
		}

		@KafkaListener(id = CONVERSIONS, topics = CONVERSIONS, containerFactory = "convertingContainerFactory")
		void onConvertible(String value) {
			this.captured.received.add(new Received(CONVERSIONS, -1, value, MDC.get("traceId"), null, List.of(),
					Map.of()));
		}

		@KafkaListener(id = "sink", topics = { ASYNC_ORDERS, WEB_ORDERS })
		void onSink(ConsumerRecord<String, String> record) {
			this.captured.add(record, this.tracer);
		}

	}

	static class AsyncSender {

		private final KafkaTemplate<String, String> kafkaTemplate;

		AsyncSender(KafkaTemplate<String, String> kafkaTemplate) {
			this.kafkaTemplate = kafkaTemplate;
		}

		@Async
		CompletableFuture<SendResult<String, String>> send(String topic, String value) {
			return this.kafkaTemplate.send(topic, value);
		}

	}

	@RestController
	static class OrdersController {

		private final KafkaTemplate<String, String> kafkaTemplate;

		OrdersController(KafkaTemplate<String, String> kafkaTemplate) {
			this.kafkaTemplate = kafkaTemplate;
		}

		@PostMapping("/web-orders")
		Mono<String> order() {
			return Mono.just("web-order")
				.publishOn(Schedulers.boundedElastic())
				.flatMap((value) -> Mono.fromFuture(this.kafkaTemplate.send(WEB_ORDERS, value)))
				.map((result) -> "sent");
		}

	}

	/**
	 * What the listeners saw.
	 */
	static final class Captured {

		final Queue<Received> received = new ConcurrentLinkedQueue<>();

		final Queue<ReceivedBatch> batches = new ConcurrentLinkedQueue<>();

		final Map<Long, List<Header>> echoes = new ConcurrentHashMap<>();

		void add(ConsumerRecord<?, ?> record, Tracer tracer) {
			Span span = tracer.currentSpan();
			this.received.add(new Received(record.topic(), record.offset(), String.valueOf(record.value()),
					MDC.get("traceId"), (span != null) ? span.context().traceId() : null, copy(record.headers()),
					Baggage.current().asMap().entrySet().stream().collect(
							java.util.stream.Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().getValue()))));
		}

		void reset() {
			this.received.clear();
			this.batches.clear();
			this.echoes.clear();
		}

		List<Received> awaitReceived(String topic, int count) {
			return awaitReceived(topic, count, (received) -> true);
		}

		List<Received> awaitReceived(String topic, int count, Predicate<Received> matching) {
			List<Received> found = new ArrayList<>();
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				found.clear();
				this.received.stream().filter((received) -> received.topic().equals(topic) && matching.test(received))
					.forEach(found::add);
				return found.size() >= count;
			});
			return found;
		}

	}

	record Received(String topic, long offset, String value, @Nullable String mdcTraceId, @Nullable String traceId,
			List<Header> headers, Map<String, String> baggage) {

		List<String> headerValues(String key) {
			return this.headers.stream().filter((header) -> header.key().equals(key))
				.map((header) -> (header.value() != null) ? new String(header.value(),
						java.nio.charset.StandardCharsets.ISO_8859_1) : "null")
				.toList();
		}

	}

	record ReceivedBatch(int size, @Nullable String mdcTraceId) {
	}

	static List<Header> copy(Headers headers) {
		List<Header> copy = new ArrayList<>();
		for (Header header : headers) {
			copy.add(new RecordHeader(header.key(), header.value()));
		}
		return copy;
	}

}
