package dev.tracewire.test.app;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.stereotype.Service;

/**
 * Creates spans with attributes of every type, an event, a child and, on request, an error.
 */
@Service
public class Checkout {

	/** Span name of {@link #checkout(String)}. */
	public static final String CHECKOUT = "checkout";

	/** Span name of the child of {@link #CHECKOUT}. */
	public static final String RESERVE_STOCK = "reserve.stock";

	/** Span name of {@link #pay(String)}. */
	public static final String PAYMENT = "payment";

	private final ObservationRegistry observationRegistry;

	private final Tracer tracer;

	Checkout(ObservationRegistry observationRegistry, Tracer tracer) {
		this.observationRegistry = observationRegistry;
		this.tracer = tracer;
	}

	/**
	 * Check out a cart: span {@code checkout} with attributes {@code payment.method=card},
	 * {@code customer.id=<customer>}, {@code items=3} (long), {@code discount=0.25} (double), {@code express=true}
	 * (boolean), an event {@code cart.loaded} and a child span {@code reserve.stock}.
	 * @param customer the customer id
	 */
	public void checkout(String customer) {
		Observation checkout = Observation.createNotStarted(CHECKOUT, this.observationRegistry)
			.lowCardinalityKeyValue("payment.method", "card")
			.highCardinalityKeyValue("customer.id", customer);
		checkout.observe(() -> {
			Span span = this.tracer.currentSpan();
			if (span != null) {
				span.tag("items", 3L).tag("discount", 0.25).tag("express", true);
			}
			checkout.event(Observation.Event.of("cart.loaded"));
			Observation.createNotStarted(RESERVE_STOCK, this.observationRegistry).observe(() -> {
			});
		});
	}

	/**
	 * Pay and fail: span {@code payment} with error status and an exception event carrying the message.
	 * @param reason the failure message
	 * @throws IllegalStateException always
	 */
	public void pay(String reason) {
		Observation.createNotStarted(PAYMENT, this.observationRegistry).observe(() -> {
			throw new IllegalStateException(reason);
		});
	}

	/**
	 * Run an observation with no attributes.
	 * @param name the span name
	 */
	public void step(String name) {
		Observation.createNotStarted(name, this.observationRegistry).observe(() -> {
		});
	}

}
