package dev.tracewire.propagation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * One line of the header corpus: what a caller sends and what must come of it.
 *
 * @param name a readable name
 * @param headers the request headers, each with one or more lines
 * @param outcome whether the trace continues, restarts or is denied
 * @param traceId the trace id that must continue, when it does
 * @param parentId the caller's span id, which must be the server span's parent, when sampled
 * @param outbound extra checks on the headers the server sends on its own outbound call
 */
record HeaderCase(String name, Map<String, List<String>> headers, Outcome outcome, @Nullable String traceId,
		@Nullable String parentId, @Nullable Consumer<Outbound> outbound) {

	@Override
	public String toString() {
		return this.name;
	}

	enum Outcome {

		/** The caller's trace continues and is sampled: a server span, child of the caller's span. */
		CONTINUE_SAMPLED,

		/** The caller's trace continues unsampled: no span, and the caller's trace id goes on with flags 00. */
		CONTINUE_UNSAMPLED,

		/** A new trace: a root server span with a fresh trace id, carried on outbound. */
		RESTART,

		/** The caller denied sampling without ids: no span, a fresh unsampled trace id goes on. */
		DENY

	}

	/**
	 * The trace headers the server sent on its outbound call.
	 *
	 * @param traceparent the traceparent lines
	 * @param tracestate the tracestate lines
	 * @param baggage the baggage lines
	 */
	record Outbound(List<String> traceparent, List<String> tracestate, List<String> baggage) {
	}

	static Builder of(String name) {
		return new Builder(name);
	}

	static final class Builder {

		private final String name;

		private final Map<String, List<String>> headers = new LinkedHashMap<>();

		private @Nullable Consumer<Outbound> outbound;

		private Builder(String name) {
			this.name = name;
		}

		Builder header(String name, String... lines) {
			this.headers.computeIfAbsent(name, (key) -> new ArrayList<>()).addAll(List.of(lines));
			return this;
		}

		Builder outbound(Consumer<Outbound> check) {
			this.outbound = check;
			return this;
		}

		HeaderCase continues(String traceId, String parentId) {
			return new HeaderCase(this.name, this.headers, Outcome.CONTINUE_SAMPLED, traceId, parentId, this.outbound);
		}

		HeaderCase continuesUnsampled(String traceId) {
			return new HeaderCase(this.name, this.headers, Outcome.CONTINUE_UNSAMPLED, traceId, null, this.outbound);
		}

		HeaderCase restarts() {
			return new HeaderCase(this.name, this.headers, Outcome.RESTART, null, null, this.outbound);
		}

		HeaderCase denies() {
			return new HeaderCase(this.name, this.headers, Outcome.DENY, null, null, this.outbound);
		}

	}

}
