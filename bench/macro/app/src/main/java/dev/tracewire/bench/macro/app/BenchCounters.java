package dev.tracewire.bench.macro.app;

import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * Requests and records handled, so that the runner compares spans received with the requests the application
 * really served (not only those the load generator saw complete). One {@link LongAdder} increment per request, the
 * same in every variant.
 */
@Component
class BenchCounters {

	final LongAdder hello = new LongAdder();

	final LongAdder helloLog = new LongAdder();

	final LongAdder checkout = new LongAdder();

	final LongAdder sent = new LongAdder();

	final LongAdder inserted = new LongAdder();

}
