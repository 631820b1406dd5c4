package dev.tracewire.sample.notification;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Kafka listener with retry topics and a dead-letter topic; e-mails sent fire-and-forget on an @Async executor.
 */
@SpringBootApplication
@EnableAsync
public class NotificationServiceApplication {

	/**
	 * Name of the executor that sends e-mails.
	 */
	static final String MAIL_EXECUTOR = "mailExecutor";

	public static void main(String[] args) {
		SpringApplication.run(NotificationServiceApplication.class, args);
	}

	// A plain pool, not built by Boot: the core starter still runs its tasks in the submitter's trace.
	@Bean(MAIL_EXECUTOR)
	ThreadPoolTaskExecutor mailExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("mail-");
		executor.setCorePoolSize(2);
		executor.setMaxPoolSize(2);
		executor.setQueueCapacity(1000);
		return executor;
	}

}
