package dev.tracewire.propagation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.jspecify.annotations.Nullable;

/**
 * Wraps the propagators Spring Boot configures so that headers from anyone are read defensively and ours are
 * written safely:
 * <ul>
 * <li>{@code traceparent}: invalid values, and several header lines, start a new trace (and drop
 * {@code tracestate}); higher versions are read as the specification says; reserved flags are cleared;</li>
 * <li>{@code tracestate}: all header lines are joined into one list; an invalid list is dropped without touching
 * the trace; outgoing values are cut to 512 characters, whole members at a time;</li>
 * <li>{@code baggage}: all lines are one list; members with control characters or broken encoding are dropped;
 * at most 64 members and 8192 bytes are read; local fields never leave the process;</li>
 * <li>{@code b3}: a malformed single header is ignored as a whole, not half read ({@link InboundSampling} carries
 * what B3 says about sampling to the sampler);</li>
 * <li>no outgoing header value ever carries a control character.</li>
 * </ul>
 */
public final class HardenedTextMapPropagator implements TextMapPropagator {

	private static final String TRACEPARENT = "traceparent";

	private static final String TRACESTATE = "tracestate";

	private static final String BAGGAGE = "baggage";

	private static final String B3 = "b3";

	private final TextMapPropagator delegate;

	private final Set<String> localFields;

	/**
	 * Wraps a propagator.
	 * @param delegate the propagator that does the work
	 * @param localFields baggage keys that must never be sent, case-insensitive
	 */
	public HardenedTextMapPropagator(TextMapPropagator delegate, Collection<String> localFields) {
		this.delegate = delegate;
		this.localFields = localFields.stream()
			.map((field) -> field.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public Collection<String> fields() {
		return this.delegate.fields();
	}

	@Override
	public <C> void inject(Context context, @Nullable C carrier, TextMapSetter<C> setter) {
		this.delegate.inject(context, carrier, (target, key, value) -> {
			String safe = outgoing(key, value);
			if (safe != null) {
				setter.set(target, key, safe);
			}
		});
	}

	private @Nullable String outgoing(String key, String value) {
		String name = key.toLowerCase(Locale.ROOT);
		if (name.equals(BAGGAGE)) {
			return BaggageHeader.sanitize(List.of(value), this.localFields);
		}
		if (containsControl(value)) {
			return null;
		}
		return name.equals(TRACESTATE) ? TraceState.truncate(value) : value;
	}

	@Override
	public <C> Context extract(Context context, @Nullable C carrier, TextMapGetter<C> getter) {
		if (carrier == null) {
			return this.delegate.extract(context, carrier, getter);
		}
		return this.delegate.extract(context, carrier, new CleanGetter<>(getter));
	}

	private static boolean containsControl(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "HardenedTextMapPropagator{" + this.delegate + "}";
	}

	/**
	 * Presents the carrier's trace headers cleaned, as if the caller had sent them right.
	 */
	private static final class CleanGetter<C> implements TextMapGetter<C> {

		private final TextMapGetter<C> getter;

		// One getter serves one extraction: the cleaned traceparent is worked out once, not for every key.
		private boolean traceparentRead;

		private @Nullable String traceparent;

		CleanGetter(TextMapGetter<C> getter) {
			this.getter = getter;
		}

		@Override
		public Iterable<String> keys(C carrier) {
			return this.getter.keys(carrier);
		}

		@Override
		public @Nullable String get(@Nullable C carrier, String key) {
			if (carrier == null) {
				return null;
			}
			return switch (key.toLowerCase(Locale.ROOT)) {
				case TRACEPARENT -> traceparent(carrier);
				case TRACESTATE -> (traceparent(carrier) != null) ? TraceState.join(all(carrier, TRACESTATE)) : null;
				case BAGGAGE -> BaggageHeader.sanitize(all(carrier, BAGGAGE));
				case B3 -> validB3(carrier);
				default -> this.getter.get(carrier, key);
			};
		}

		@Override
		public Iterator<String> getAll(@Nullable C carrier, String key) {
			String name = key.toLowerCase(Locale.ROOT);
			if (carrier == null) {
				return Collections.emptyIterator();
			}
			if (name.equals(TRACEPARENT) || name.equals(TRACESTATE) || name.equals(BAGGAGE)) {
				String value = get(carrier, key);
				return (value != null) ? List.of(value).iterator() : Collections.emptyIterator();
			}
			return this.getter.getAll(carrier, key);
		}

		private @Nullable String validB3(C carrier) {
			String value = this.getter.get(carrier, B3);
			return (value != null && B3Header.isValidSingle(value)) ? value : null;
		}

		private @Nullable String traceparent(C carrier) {
			if (!this.traceparentRead) {
				List<String> lines = all(carrier, TRACEPARENT);
				this.traceparent = (lines.size() == 1) ? TraceParent.normalize(lines.get(0)) : null;
				this.traceparentRead = true;
			}
			return this.traceparent;
		}

		private List<String> all(C carrier, String key) {
			List<String> values = new ArrayList<>(1);
			Iterator<String> iterator = this.getter.getAll(carrier, key);
			while (iterator != null && iterator.hasNext()) {
				String value = iterator.next();
				if (value != null) {
					values.add(value);
				}
			}
			return values;
		}

	}

}
