package dev.tracewire.sample.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays order-service in the consumers' tests: a plain (untraced) producer that sends {@code OrderPlaced} JSON to
 * {@code shop.orders} with a {@code traceparent} it writes itself, each record in a new trace under the caller span
 * {@link #CALLER_SPAN_ID}.
 */
public final class OrderProducer implements AutoCloseable {

	/** Span id of the (remote) producer span every record names as its parent. */
	public static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	private static final String TOPIC = "shop.orders";

	private final KafkaProducer<String, String> producer;

	private OrderProducer(String bootstrapServers) {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
				new StringSerializer(), new StringSerializer());
	}

	/**
	 * Connects to a broker.
	 * @param bootstrapServers the broker's address, for example from {@code EmbeddedKafkaBroker#getBrokersAsString()}
	 * @return the producer
	 */
	public static OrderProducer connect(String bootstrapServers) {
		return new OrderProducer(bootstrapServers);
	}

	/**
	 * Sends one record in a new, sampled trace and waits for the broker's acknowledgement.
	 * @param key the record key
	 * @param value the record value
	 * @return the id of the record's trace
	 * @throws Exception if the broker does not acknowledge within 10 s
	 */
	public String send(String key, String value) throws Exception {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, key, value);
		record.headers()
			.add("traceparent", ("00-" + traceId + "-" + CALLER_SPAN_ID + "-01").getBytes(StandardCharsets.UTF_8));
		this.producer.send(record).get(10, TimeUnit.SECONDS);
		return traceId;
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
