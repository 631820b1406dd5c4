package dev.tracewire.jdbc;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reports N+1 queries: the same statement (same sanitized text, so {@code id = 1} and {@code id = 2} count as one)
 * executed at least a threshold number of times under one parent observation.
 * <p>
 * On reaching the threshold, once per parent and statement, it adds the event {@value #EVENT_NAME} and the
 * attribute {@value #ATTRIBUTE} to the parent span, counts a meter and logs a WARN with the trace id and the
 * statement's fingerprint (at most once per {@code logInterval} for one statement, so that a hot endpoint does not
 * flood the log). It runs after the statement has returned and never touches it.
 * <p>
 * Counts live in the parent observation's context, so they go away with the parent; at most
 * {@value #MAX_STATEMENTS_PER_PARENT} distinct statements are counted per parent. Statements without a current
 * observation are not counted.
 */
final class NPlusOneDetector {

	/**
	 * Name of the event added to the parent span.
	 */
	static final String EVENT_NAME = "jdbc.n_plus_one";

	/**
	 * Boolean attribute set on the parent span.
	 */
	static final String ATTRIBUTE = "tracewire.jdbc.n_plus_one";

	static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");

	static final AttributeKey<String> FINGERPRINT = AttributeKey.stringKey("tracewire.jdbc.statement.fingerprint");

	static final AttributeKey<Long> EXECUTIONS = AttributeKey.longKey("tracewire.jdbc.executions");

	static final int MAX_STATEMENTS_PER_PARENT = 64;

	private static final int MAX_LOGGED_STATEMENTS = 1024;

	private static final Log logger = LogFactory.getLog(NPlusOneDetector.class);

	// A key of our own in the parent's context map: nobody else can find or replace our counts.
	private static final Object COUNTS_KEY = new Object();

	private final int threshold;

	private final long logIntervalNanos;

	private final JdbcTracingMetrics metrics;

	private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

	NPlusOneDetector(int threshold, Duration logInterval, JdbcTracingMetrics metrics) {
		this.threshold = threshold;
		this.logIntervalNanos = logInterval.toNanos();
		this.metrics = metrics;
	}

	/**
	 * Counts one execution.
	 * @param parent the observation that was current when the statement ran
	 * @param parentSpan the span that was current when the statement ran
	 * @param query the statement's observation context
	 */
	void record(@Nullable Observation parent, Span parentSpan, JdbcObservationContext query) {
		SqlStatement statement = query.getStatement();
		if (parent == null || parent.isNoop() || statement == null) {
			return;
		}
		Counts counts = parent.getContext().computeIfAbsent(COUNTS_KEY, (key) -> new Counts());
		if (counts.increment(statement.fingerprint()) == this.threshold) {
			report(parentSpan, statement, query);
		}
	}

	private void report(Span parentSpan, SqlStatement statement, JdbcObservationContext query) {
		this.metrics.nPlusOneDetected(query);
		SpanContext spanContext = parentSpan.getSpanContext();
		if (parentSpan.isRecording()) {
			parentSpan.setAttribute(ATTRIBUTE, true);
			parentSpan.addEvent(EVENT_NAME, Attributes.of(QUERY_TEXT, statement.text(), FINGERPRINT,
					statement.fingerprint(), EXECUTIONS, (long) this.threshold));
		}
		if (logger.isWarnEnabled() && shouldLog(statement.fingerprint())) {
			String traceId = spanContext.isValid() ? spanContext.getTraceId() : "none";
			logger.warn("Possible N+1 queries: the same statement ran " + this.threshold
					+ " times under one parent span (trace_id=" + traceId + ", fingerprint=" + statement.fingerprint()
					+ "): " + statement.text());
		}
	}

	private boolean shouldLog(String fingerprint) {
		long now = System.nanoTime();
		if (this.lastLogged.size() >= MAX_LOGGED_STATEMENTS) {
			this.lastLogged.clear();
		}
		boolean[] log = new boolean[1];
		this.lastLogged.compute(fingerprint, (key, last) -> {
			log[0] = last == null || now - last >= this.logIntervalNanos;
			return log[0] ? now : last;
		});
		return log[0];
	}

	/**
	 * Executions per statement fingerprint under one parent.
	 */
	static final class Counts {

		private final Map<String, Integer> executions = new HashMap<>();

		/**
		 * Counts one execution.
		 * @param fingerprint the statement's fingerprint
		 * @return the executions so far, or {@code -1} when the statement is not counted because the parent
		 * already counts {@value #MAX_STATEMENTS_PER_PARENT} others
		 */
		synchronized int increment(String fingerprint) {
			Integer count = this.executions.get(fingerprint);
			if (count == null && this.executions.size() >= MAX_STATEMENTS_PER_PARENT) {
				return -1;
			}
			int next = (count != null) ? count + 1 : 1;
			this.executions.put(fingerprint, next);
			return next;
		}

		synchronized int size() {
			return this.executions.size();
		}

	}

}
