package dev.tracewire.bench.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Produce-to-consume throughput through a real KRaft broker in this JVM: an application sends N records with
 * {@code KafkaTemplate} and a {@code @KafkaListener} receives them; the time from the first send to the last
 * receipt gives records per second. Three variants, interleaved (A B C C B A ...) in one run: untraced
 * (Tracewire and OpenTelemetry off, Kafka observations off as in Boot's default), Boot's tracing with
 * spring-kafka's observations switched on by hand, and Tracewire's defaults; every trace sampled, no rate limit,
 * spans ended but not exported.
 * <p>
 * Usage: {@code java -cp ... dev.tracewire.bench.kafka.KafkaThroughputBenchmark [records] [rounds]}.
 */
public final class KafkaThroughputBenchmark {

	private static final String[] UNTRACED = { "--tracewire.enabled=false",
			"--management.opentelemetry.enabled=false" };

	private static final String[] BOOT_OBSERVED = { "--tracewire.enabled=false",
			"--management.tracing.sampling.probability=1.0", "--spring.kafka.template.observation-enabled=true",
			"--spring.kafka.listener.observation-enabled=true" };

	private static final String[] TRACEWIRE = { "--management.tracing.sampling.probability=1.0",
			"--tracewire.sampling.rate-limit.enabled=false" };

	private static final Map<String, String[]> VARIANTS = new LinkedHashMap<>();

	static {
		VARIANTS.put("untraced", UNTRACED);
		VARIANTS.put("boot-observed", BOOT_OBSERVED);
		VARIANTS.put("tracewire", TRACEWIRE);
	}

	private KafkaThroughputBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int records = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
		try {
			Map<String, List<Double>> results = new LinkedHashMap<>();
			List<String> order = new ArrayList<>(VARIANTS.keySet());
			for (int round = 0; round < rounds; round++) {
				List<String> variants = new ArrayList<>(order);
				if (round % 2 == 1) {
					Collections.reverse(variants);
				}
				for (String variant : variants) {
					String topic = "bench-" + variant + "-" + round;
					double perSecond = run(broker, topic, records, VARIANTS.get(variant));
					results.computeIfAbsent(variant, (key) -> new ArrayList<>()).add(perSecond);
					System.out.printf(Locale.ROOT, "round=%d variant=%s records_per_second=%.0f%n", round, variant,
							perSecond);
				}
			}
			double untraced = median(results.get("untraced"));
			for (Map.Entry<String, List<Double>> result : results.entrySet()) {
				double median = median(result.getValue());
				System.out.printf(Locale.ROOT, "median variant=%s records_per_second=%.0f ratio_to_untraced=%.3f%n",
						result.getKey(), median, median / untraced);
			}
		}
		finally {
			broker.destroy();
		}
	}

	private static double run(EmbeddedKafkaKraftBroker broker, String topic, int records, String[] variant)
			throws InterruptedException {
		List<String> args = new ArrayList<>(List.of(variant));
		args.add("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString());
		args.add("--spring.kafka.consumer.auto-offset-reset=earliest");
		args.add("--spring.kafka.consumer.group-id=" + topic);
		args.add("--spring.kafka.producer.properties.linger.ms=5");
		args.add("--bench.topic=" + topic);
		args.add("--logging.level.root=WARN");
		SpringApplication application = new SpringApplication(BenchApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run(args.toArray(String[]::new))) {
			Receiver receiver = context.getBean(Receiver.class);
			@SuppressWarnings("unchecked")
			KafkaTemplate<Object, Object> template = context.getBean(KafkaTemplate.class);
			// Warm up: the listener is assigned and the producer connected before the clock starts.
			receiver.expect(1);
			template.send(topic, "warm-up").join();
			receiver.await();
			receiver.expect(records);
			long start = System.nanoTime();
			for (int i = 0; i < records; i++) {
				template.send(topic, "order-" + i);
			}
			template.flush();
			receiver.await();
			long elapsed = System.nanoTime() - start;
			return records / (elapsed / 1e9);
		}
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	@SpringBootApplication(proxyBeanMethods = false)
	static class BenchApplication {

		@Bean
		Receiver receiver() {
			return new Receiver();
		}

	}

	static class Receiver {

		private volatile CountDownLatch latch = new CountDownLatch(0);

		void expect(int records) {
			this.latch = new CountDownLatch(records);
		}

		void await() throws InterruptedException {
			if (!this.latch.await(5, TimeUnit.MINUTES)) {
				throw new IllegalStateException("Records still missing: " + this.latch.getCount());
			}
		}

		@KafkaListener(topics = "${bench.topic}")
		void receive(String value) {
			this.latch.countDown();
		}

	}

}
