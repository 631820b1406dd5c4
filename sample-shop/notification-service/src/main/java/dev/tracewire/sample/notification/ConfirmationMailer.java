package dev.tracewire.sample.notification;

import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * Sends order confirmation e-mails, fire-and-forget: a fake mail server that takes 10 to 30 ms and bounces every
 * address at {@code bounce.example}. A failure never reaches the caller (it is logged by Spring's handler for
 * uncaught {@code @Async} exceptions), only the trace shows it.
 */
@Component
class ConfirmationMailer {

	private static final Logger logger = LoggerFactory.getLogger(ConfirmationMailer.class);

	@Async(NotificationServiceApplication.MAIL_EXECUTOR)
	public void sendConfirmation(OrderPlaced order) {
		sleep(ThreadLocalRandom.current().nextInt(10, 31));
		if (order.email().endsWith("@bounce.example")) {
			// The address stays out of the message: exception messages end up in logs and spans.
			throw new IllegalStateException("The mail server bounced the confirmation of order " + order.orderId());
		}
		logger.info("Sent the confirmation of order {} ({} {})", order.orderId(), order.total(), order.currency());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
