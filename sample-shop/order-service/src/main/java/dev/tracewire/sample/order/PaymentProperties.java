package dev.tracewire.sample.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where payment-service is, how long a charge may take and when to stop calling it for a while
 * ({@code shop.payment.*}).
 *
 * @param url base URL of payment-service
 * @param timeout longest wait for a charge (the time limit of the call; the read timeout is a second longer)
 * @param connectTimeout longest wait for a connection to payment-service
 * @param circuitBreaker when the circuit breaker opens and for how long
 */
@ConfigurationProperties("shop.payment")
record PaymentProperties(@DefaultValue("http://localhost:8083") String url, @DefaultValue("3s") Duration timeout,
		@DefaultValue("1s") Duration connectTimeout, @DefaultValue CircuitBreaker circuitBreaker) {

	/**
	 * A count-based circuit breaker: over the last {@code slidingWindowSize} charges (once there were at least
	 * {@code minimumNumberOfCalls}), a failure rate of {@code failureRateThreshold} percent or more opens it for
	 * {@code waitDurationInOpenState}.
	 *
	 * @param slidingWindowSize number of recent charges the failure rate is computed over
	 * @param minimumNumberOfCalls charges needed before the failure rate counts
	 * @param failureRateThreshold failure rate, in percent, that opens the breaker
	 * @param waitDurationInOpenState how long the breaker stays open before letting trial calls through
	 */
	record CircuitBreaker(@DefaultValue("10") int slidingWindowSize, @DefaultValue("5") int minimumNumberOfCalls,
			@DefaultValue("50") float failureRateThreshold, @DefaultValue("10s") Duration waitDurationInOpenState) {
	}

}
