package dev.tracewire.bench.macro.tools;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.netty.channel.ChannelOption;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Open-loop load at a fixed rate: request {@code i} is due at {@code start + i / rate} whatever happened to the
 * ones before, and its latency is measured from that intended start (so a stalled server shows up as latency,
 * not as fewer requests: no coordinated omission). At most {@code connections} connections and
 * {@code maxInFlight} requests at once; when the limit is reached the sender waits, and the wait counts in the
 * latency of every request it delays. Latencies go to an HdrHistogram (microseconds, 3 significant digits).
 * <p>
 * A run stops sending when it falls more than {@link #MAX_LAG} behind schedule; it is then reported as
 * {@code overloaded}, its percentiles are meaningless, and the runner flags it.
 * <p>
 * Usage on its own: {@code java -cp ... dev.tracewire.bench.macro.tools.FixedRateDriver url rate seconds
 * [connections] [maxInFlight] [warmupSeconds]}.
 */
final class FixedRateDriver implements AutoCloseable {

	static final Duration MAX_LAG = Duration.ofSeconds(5);

	private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);

	private final ConnectionProvider connections;

	private final LoopResources loops;

	private final HttpClient client;

	private final int maxInFlight;

	FixedRateDriver(String baseUrl, int connections, int maxInFlight) {
		this.connections = ConnectionProvider.builder("fixed-rate")
			.maxConnections(connections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(60))
			.build();
		this.loops = LoopResources.create("fixed-rate", 1, true);
		this.client = HttpClient.create(this.connections)
			.runOn(this.loops)
			.baseUrl(baseUrl)
			.option(ChannelOption.TCP_NODELAY, true)
			.responseTimeout(Duration.ofSeconds(30));
		this.maxInFlight = maxInFlight;
	}

	public static void main(String[] args) throws InterruptedException {
		if (args.length < 3) {
			System.err.println("Usage: FixedRateDriver url rate seconds [connections] [maxInFlight] [warmupSeconds]");
			System.exit(2);
		}
		java.net.URI uri = java.net.URI.create(args[0]);
		String base = uri.getScheme() + "://" + uri.getAuthority();
		double rate = Double.parseDouble(args[1]);
		double seconds = Double.parseDouble(args[2]);
		int connections = (args.length > 3) ? Integer.parseInt(args[3]) : 32;
		int inFlight = (args.length > 4) ? Integer.parseInt(args[4]) : 256;
		double warmup = (args.length > 5) ? Double.parseDouble(args[5]) : 0;
		try (FixedRateDriver driver = new FixedRateDriver(base, connections, inFlight)) {
			Result result = driver.run(uri.getRawPath(), rate, Duration.ofMillis((long) (warmup * 1000)),
					Duration.ofMillis((long) (seconds * 1000)));
			System.out.println(result);
		}
	}

	/**
	 * Runs the load: {@code warmup} at the rate without recording, then {@code duration} recorded.
	 */
	Result run(String path, double rate, Duration warmup, Duration duration) throws InterruptedException {
		Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
		Semaphore inFlight = new Semaphore(this.maxInFlight);
		LongAdder ok = new LongAdder();
		LongAdder failed = new LongAdder();
		double intervalNanos = 1e9 / rate;
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
		long measureFrom = start + warmup.toNanos();
		long end = measureFrom + duration.toNanos();
		long sent = 0;
		long measuredSent = 0;
		long maxLagNanos = 0;
		boolean overloaded = false;
		for (long i = 0;; i++) {
			long intended = start + (long) (i * intervalNanos);
			if (intended >= end) {
				break;
			}
			long now = System.nanoTime();
			while (now < intended) {
				LockSupport.parkNanos(intended - now);
				now = System.nanoTime();
			}
			long lag = now - intended;
			maxLagNanos = Math.max(maxLagNanos, lag);
			if (lag > MAX_LAG.toNanos()) {
				overloaded = true;
				break;
			}
			inFlight.acquire();
			boolean measured = intended >= measureFrom;
			sent++;
			if (measured) {
				measuredSent++;
			}
			this.client.get()
				.uri(path)
				.responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
				.subscribe((status) -> {
					long latencyMicros = (System.nanoTime() - intended) / 1000;
					if (measured) {
						if (status == 200) {
							recorder.recordValue(Math.min(latencyMicros, HIGHEST_MICROS));
							ok.increment();
						}
						else {
							failed.increment();
						}
					}
					inFlight.release();
				}, (error) -> {
					if (measured) {
						failed.increment();
					}
					inFlight.release();
				});
		}
		// Wait for the stragglers (bounded by the response timeout).
		boolean drained = inFlight.tryAcquire(this.maxInFlight, 40, TimeUnit.SECONDS);
		if (drained) {
			inFlight.release(this.maxInFlight);
		}
		Histogram histogram = recorder.getIntervalHistogram();
		return new Result(rate, duration.toNanos() / 1e9, sent, measuredSent, ok.sum(), failed.sum(), overloaded,
				maxLagNanos / 1000, histogram);
	}

	@Override
	public void close() {
		this.connections.dispose();
		this.loops.dispose();
	}

	/**
	 * The outcome of one run; latencies in microseconds from each request's intended start.
	 */
	record Result(double rate, double seconds, long sentTotal, long sent, long ok, long failed, boolean overloaded,
			long maxSendLagMicros, Histogram histogram) {

		double achievedRate() {
			return this.ok / this.seconds;
		}

		long p50() {
			return this.histogram.getValueAtPercentile(50);
		}

		long p99() {
			return this.histogram.getValueAtPercentile(99);
		}

		long p999() {
			return this.histogram.getValueAtPercentile(99.9);
		}

		long max() {
			return this.histogram.getMaxValue();
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"rate=%.0f achieved=%.0f sent=%d ok=%d failed=%d overloaded=%s p50_us=%d p99_us=%d p999_us=%d "
							+ "max_us=%d max_send_lag_us=%d",
					this.rate, achievedRate(), this.sent, this.ok, this.failed, this.overloaded, p50(), p99(), p999(),
					max(), this.maxSendLagMicros);
		}

	}

}
