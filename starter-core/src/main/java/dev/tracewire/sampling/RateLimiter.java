package dev.tracewire.sampling;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets at most a given number of traces per second through, with bursts up to one second's worth: a lock-free
 * generic cell rate algorithm, one compare-and-set per decision.
 */
final class RateLimiter {

	private static final long SECOND = 1_000_000_000L;

	private final long interval;

	private final LongSupplier nanoClock;

	// The theoretical arrival time: when the permits granted so far would have been spent at the steady rate.
	private final AtomicLong theoreticalArrival;

	RateLimiter(int permitsPerSecond, LongSupplier nanoClock) {
		if (permitsPerSecond <= 0) {
			throw new IllegalArgumentException("Traces per second must be positive, but was " + permitsPerSecond);
		}
		this.interval = SECOND / permitsPerSecond;
		this.nanoClock = nanoClock;
		this.theoreticalArrival = new AtomicLong(nanoClock.getAsLong());
	}

	boolean tryAcquire() {
		long now = this.nanoClock.getAsLong();
		while (true) {
			long arrival = this.theoreticalArrival.get();
			long next = Math.max(arrival, now) + this.interval;
			if (next - now > SECOND) {
				return false;
			}
			if (this.theoreticalArrival.compareAndSet(arrival, next)) {
				return true;
			}
		}
	}

}
