package dev.tracewire.bench.continuity.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.client.RestTemplate;

/**
 * The continuity test application: WebFlux, WebClient, a RestTemplate, spring-kafka, {@code @Async},
 * {@code @Scheduled} and executor beans, with no tracing code but the OpenTelemetry API calls of {@link Work}. The
 * runner starts it once per tracing setup, with that setup's classpath and properties.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableAsync
@EnableScheduling
public class ContinuityApplication {

	public static void main(String[] args) {
		SpringApplication.run(ContinuityApplication.class, args);
	}

	// Boot's and the OpenTelemetry starter's SDK is a bean; the agent's is only global.
	@Bean
	Work work(ObjectProvider<OpenTelemetry> openTelemetry) {
		return new Work(openTelemetry.getIfAvailable(GlobalOpenTelemetry::get));
	}

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService fixedThreadPool() {
		return Executors.newFixedThreadPool(2);
	}

	@Bean
	ThreadPoolTaskExecutor workerPool() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(2);
		executor.setThreadNamePrefix("worker-");
		return executor;
	}

	// Boot builds no RestTemplateBuilder in a reactive application: this is how one traces a RestTemplate there
	// with Boot (the agent and the OpenTelemetry starter instrument RestTemplate beans themselves).
	@Bean
	RestTemplate restTemplate(ObjectProvider<ObservationRegistry> observationRegistry) {
		RestTemplate restTemplate = new RestTemplate();
		observationRegistry.ifAvailable(restTemplate::setObservationRegistry);
		return restTemplate;
	}

	// The retry-topic listener's topics are created by spring-kafka (@RetryableTopic).
	@Bean
	KafkaAdmin.NewTopics continuityTopics(@Value("${continuity.topic-prefix}") String prefix) {
		return new KafkaAdmin.NewTopics(topic(prefix + KafkaListeners.RECORDS), topic(prefix + KafkaListeners.BATCH),
				topic(prefix + KafkaListeners.BATCH_PER_RECORD));
	}

	private static NewTopic topic(String name) {
		return TopicBuilder.name(name).partitions(1).replicas(1).build();
	}

}
