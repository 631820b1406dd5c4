package dev.tracewire.sample.analytics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Kafka batch listener writing aggregates to PostgreSQL; a fire-and-forget @Async dashboard refresh after each
 * batch, on Boot's task executor.
 */
@SpringBootApplication
@EnableAsync
public class AnalyticsServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(AnalyticsServiceApplication.class, args);
	}

}
