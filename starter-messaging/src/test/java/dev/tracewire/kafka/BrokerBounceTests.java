package dev.tracewire.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.ContainerTestUtils;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thousand records produced while the broker is stopped and restarted on the same port: every consumer span is
 * the child of its record's producer span, and no span or observation is left open.
 */
@SpringBootTest(classes = BrokerBounceTests.BounceApplication.class,
		properties = { "spring.kafka.consumer.auto-offset-reset=earliest",
				"spring.kafka.producer.properties.reconnect.backoff.max.ms=200",
				"spring.kafka.consumer.properties.reconnect.backoff.max.ms=200" })
@TracewireTest
@DirtiesContext
class BrokerBounceTests {

	static final String TOPIC = "bounce";

	private static final int BEFORE_STOP = 250;

	private static final int WHILE_STOPPED = 500;

	private static final int AFTER_RESTART = 250;

	private static final int RECORDS = BEFORE_STOP + WHILE_STOPPED + AFTER_RESTART;

	@Autowired
	EmbeddedKafkaKraftBroker broker;

	@Autowired
	KafkaTemplate<String, String> kafkaTemplate;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Autowired
	TestSpans spans;

	@Autowired
	LeakWatch.OpenSpans openSpans;

	@Autowired
	LeakWatch.OpenKafkaObservations openObservations;

	@Test
	void everyConsumerSpanIsLinkedToItsProducerAcrossABrokerBounce() throws Exception {
		ContainerTestUtils.waitForAssignment(this.listeners.getListenerContainer(TOPIC), 1);
		this.kafkaTemplate.send(TOPIC, "warm-up").get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(20)).until(() -> consumerSpans().size() >= 1);
		this.spans.reset();

		for (int i = 0; i < BEFORE_STOP; i++) {
			this.kafkaTemplate.send(TOPIC, "before-" + i);
		}
		var node = this.broker.getCluster().brokers().get(0);
		node.shutdown();
		node.awaitShutdown();
		// The producer may have to wait for metadata while the broker is down: send from a thread of its own.
		Thread sender = new Thread(() -> {
			for (int i = 0; i < WHILE_STOPPED; i++) {
				this.kafkaTemplate.send(TOPIC, "stopped-" + i);
			}
		}, "sender-while-stopped");
		sender.start();
		Thread.sleep(2000);
		node.startup();
		sender.join(TimeUnit.SECONDS.toMillis(60));
		assertThat(sender.isAlive()).isFalse();
		for (int i = 0; i < AFTER_RESTART; i++) {
			this.kafkaTemplate.send(TOPIC, "restarted-" + i);
		}

		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
			.until(() -> producedByConsumed().size() >= RECORDS);
		List<SpanData> producers = producerSpans();
		List<SpanData> consumers = consumerSpans();
		assertThat(producers).hasSize(RECORDS);
		Map<String, SpanData> producerBySpanId = producers.stream()
			.collect(Collectors.toMap(SpanData::getSpanId, (span) -> span));
		assertThat(consumers).hasSizeGreaterThanOrEqualTo(RECORDS).allSatisfy((consumer) -> {
			SpanData producer = producerBySpanId.get(consumer.getParentSpanId());
			assertThat(producer).as("producer of %s", consumer).isNotNull();
			assertThat(consumer.getTraceId()).isEqualTo(producer.getTraceId());
		});
		assertThat(producedByConsumed()).isEqualTo(producerBySpanId.keySet());

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.openSpans.names()).as("spans started and never ended").isEmpty();
			assertThat(this.openObservations.names()).as("Kafka observations started and never stopped").isEmpty();
		});
	}

	private List<SpanData> producerSpans() {
		return this.spans.finished().stream()
			.filter((span) -> span.getName().equals(TOPIC + " send") && span.getKind() == SpanKind.PRODUCER)
			.toList();
	}

	private List<SpanData> consumerSpans() {
		return this.spans.finished().stream()
			.filter((span) -> span.getName().equals(TOPIC + " process") && span.getKind() == SpanKind.CONSUMER)
			.toList();
	}

	private Set<String> producedByConsumed() {
		Set<String> producers = producerSpans().stream().map(SpanData::getSpanId).collect(Collectors.toSet());
		return consumerSpans().stream().map(SpanData::getParentSpanId).filter(producers::contains)
			.collect(Collectors.toSet());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BounceApplication {

		// A broker of its own, so that stopping it disturbs no other test.
		@Bean(destroyMethod = "destroy")
		EmbeddedKafkaKraftBroker bounceBroker() {
			EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
			broker.afterPropertiesSet();
			return broker;
		}

		@Bean
		KafkaConnectionDetails kafkaConnectionDetails(EmbeddedKafkaKraftBroker bounceBroker) {
			return () -> List.of(bounceBroker.getBrokersAsString());
		}

		@Bean
		LeakWatch.OpenSpans openSpans() {
			return new LeakWatch.OpenSpans();
		}

		@Bean
		LeakWatch.OpenKafkaObservations openKafkaObservations() {
			return new LeakWatch.OpenKafkaObservations();
		}

		@KafkaListener(id = TOPIC, topics = TOPIC)
		void onRecord(ConsumerRecord<String, String> record) {
		}

	}

}
