package dev.tracewire.sample.order;

import java.math.BigDecimal;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestTemplate;

/**
 * Charges the customer at payment-service. The call is a blocking {@link RestTemplate} (the
 * {@code paymentRestTemplate} bean) moved to {@code boundedElastic}, cut off after {@code shop.payment.timeout},
 * behind a circuit breaker that stops calling a failing payment-service for a while.
 */
@Component
class PaymentClient {

	private final RestTemplate restTemplate;

	private final TimeLimiter timeLimiter;

	private final CircuitBreaker circuitBreaker;

	private final PaymentProperties properties;

	PaymentClient(RestTemplate paymentRestTemplate, PaymentProperties properties) {
		this.restTemplate = paymentRestTemplate;
		this.timeLimiter = TimeLimiter.of("payment",
				TimeLimiterConfig.custom().timeoutDuration(properties.timeout()).build());
		this.circuitBreaker = CircuitBreaker.of("payment", circuitBreakerConfig(properties.circuitBreaker()));
		this.properties = properties;
	}

	private static CircuitBreakerConfig circuitBreakerConfig(PaymentProperties.CircuitBreaker settings) {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.slidingWindowSize())
			.minimumNumberOfCalls(settings.minimumNumberOfCalls())
			.failureRateThreshold(settings.failureRateThreshold())
			.waitDurationInOpenState(settings.waitDurationInOpenState())
			// A 4xx (a declined card) means payment-service works: no reason to stop calling it.
			.recordException((ex) -> !(ex instanceof HttpClientErrorException))
			.build();
	}

	/**
	 * Charges the amount: the approved charge, or a {@link CheckoutFailure} (503) when payment-service fails,
	 * declines, is too slow, or the circuit breaker is open (then payment-service is not called at all).
	 */
	Mono<Charge> charge(ChargeRequest request) {
		return Mono.fromCallable(() -> post(request))
			.subscribeOn(Schedulers.boundedElastic())
			.transformDeferred(TimeLimiterOperator.of(this.timeLimiter))
			.transformDeferred(CircuitBreakerOperator.of(this.circuitBreaker))
			// Empty: a 2xx without a body (an interrupted call never gets here, the time limit answered first).
			.switchIfEmpty(Mono.error(() -> new RestClientException("payment-service answered without a charge")))
			.onErrorMap((ex) -> CheckoutFailure.paymentUnavailable(reason(ex)));
	}

	CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	private @Nullable Charge post(ChargeRequest request) {
		try {
			return this.restTemplate.postForObject("/charges", request, Charge.class);
		}
		catch (ResourceAccessException ex) {
			if (Thread.currentThread().isInterrupted()) {
				// The time limit interrupted this call and has answered the checkout already: an error from here
				// would reach nobody and only be logged by Reactor as dropped.
				return null;
			}
			throw ex;
		}
	}

	private String reason(Throwable ex) {
		if (ex instanceof CallNotPermittedException) {
			return "payment-service is failing; its circuit breaker is open";
		}
		if (ex instanceof TimeoutException) {
			return "payment-service did not answer within " + this.properties.timeout().toMillis() + " ms";
		}
		if (ex instanceof HttpClientErrorException declined) {
			return "payment-service declined the charge (" + declined.getStatusCode().value() + ")";
		}
		if (ex instanceof HttpStatusCodeException failed) {
			return "payment-service answered " + failed.getStatusCode().value();
		}
		if (ex instanceof ResourceAccessException) {
			return "payment-service is unreachable";
		}
		return "payment failed (" + ex.getClass().getSimpleName() + ")";
	}

	/**
	 * The body of {@code POST /charges}.
	 *
	 * @param orderId the order being paid
	 * @param customerId who pays
	 * @param amount how much
	 * @param currency in which currency
	 */
	record ChargeRequest(String orderId, String customerId, BigDecimal amount, String currency) {
	}

	/**
	 * payment-service's answer.
	 *
	 * @param chargeId the charge
	 * @param status {@code APPROVED}
	 */
	record Charge(@Nullable String chargeId, @Nullable String status) {
	}

}
