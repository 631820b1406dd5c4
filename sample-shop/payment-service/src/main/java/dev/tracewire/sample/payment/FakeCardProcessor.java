package dev.tracewire.sample.payment;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.tracewire.sample.faults.Faults;

import org.springframework.stereotype.Component;

/**
 * Stands in for a card processor: 20 to 50 ms of "authorisation", amounts over 10,000 declined. Its faults make it
 * unreachable ({@code down}) or slow ({@code slow}, 5 s per charge).
 */
@Component
class FakeCardProcessor {

	/** Fault: every charge fails with {@link ProcessorUnavailableException}. */
	static final String DOWN = "down";

	/** Fault: every authorisation takes 5 s. */
	static final String SLOW = "slow";

	private static final BigDecimal LIMIT = new BigDecimal("10000");

	private final Faults faults;

	FakeCardProcessor(Faults faults) {
		this.faults = faults;
	}

	/**
	 * Authorises a payment.
	 * @param amount the amount, positive
	 * @return whether the processor approved it
	 * @throws ProcessorUnavailableException when the processor is down
	 */
	boolean authorise(BigDecimal amount) {
		if (this.faults.isOn(DOWN)) {
			throw new ProcessorUnavailableException();
		}
		sleep(this.faults.isOn(SLOW) ? Duration.ofSeconds(5)
				: Duration.ofMillis(ThreadLocalRandom.current().nextLong(20, 51)));
		return amount.compareTo(LIMIT) <= 0;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProcessorUnavailableException();
		}
	}

	/**
	 * The processor cannot be reached; the charge was not made.
	 */
	static class ProcessorUnavailableException extends RuntimeException {

		ProcessorUnavailableException() {
			super("Card processor unavailable");
		}

	}

}
