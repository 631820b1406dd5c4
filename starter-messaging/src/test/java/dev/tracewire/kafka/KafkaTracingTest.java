package dev.tracewire.kafka;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.tracewire.test.TracewireTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A traced test of {@link KafkaTestApplication} against a real KRaft broker in the test JVM. Every class with this
 * annotation shares one application context and one broker.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = KafkaTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.consumer.auto-offset-reset=earliest",
				"spring.kafka.consumer.fetch-max-wait=100ms" })
@EmbeddedKafka(partitions = 1,
		topics = { KafkaTestApplication.ORDERS, KafkaTestApplication.BATCH_ORDERS, KafkaTestApplication.PLAIN_BATCH,
				KafkaTestApplication.PAYMENTS,
				KafkaTestApplication.POISON, KafkaTestApplication.POISON_ECHO, KafkaTestApplication.ASYNC_ORDERS,
				KafkaTestApplication.WEB_ORDERS, KafkaTestApplication.CONVERSIONS })
@TracewireTest
@interface KafkaTracingTest {

}
