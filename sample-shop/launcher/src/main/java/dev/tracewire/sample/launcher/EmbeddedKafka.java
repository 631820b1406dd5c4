package dev.tracewire.sample.launcher;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, one node) inside the launcher's JVM, with the shop's topic {@value #TOPIC} made
 * before any service starts.
 */
final class EmbeddedKafka implements AutoCloseable {

	static final String TOPIC = "shop.orders";

	static final int PARTITIONS = 3;

	private final EmbeddedKafkaKraftBroker broker;

	private EmbeddedKafka(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
	}

	/**
	 * Starts the broker, on a port of its choice, and creates the topic.
	 * @return the running broker
	 */
	static EmbeddedKafka start() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPIC);
		// Retry and dead-letter topics are created by the services; consumer groups join without the default 3 s
		// wait, and the offsets topic is small, which matters on a 2-core machine.
		broker.brokerProperties(Map.of("auto.create.topics.enable", "true", "group.initial.rebalance.delay.ms", "0",
				"offsets.topic.num.partitions", "3"));
		broker.afterPropertiesSet();
		return new EmbeddedKafka(broker);
	}

	/**
	 * Returns the address clients bootstrap from.
	 * @return {@code 127.0.0.1:<port>} (the broker listens on every interface)
	 */
	String bootstrapServers() {
		String first = this.broker.getBrokersAsString().split(",")[0];
		return "127.0.0.1:" + first.substring(first.lastIndexOf(':') + 1);
	}

	@Override
	public void close() {
		this.broker.destroy();
	}

}
