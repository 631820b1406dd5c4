package dev.tracewire.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A bean looked up lazily, on first use, and kept once found: for collaborators that code on a hot path (every
 * record, every span) needs but that may not exist yet, or at all, when that code is wired. Until the bean exists,
 * each call looks again, unless {@link #settle()} said it never will.
 *
 * @param <T> the bean type
 */
public final class LazyLookup<T> implements Supplier<@Nullable T> {

	private final Supplier<@Nullable T> lookup;

	private volatile @Nullable T found;

	private volatile boolean settled;

	private LazyLookup(Supplier<@Nullable T> lookup) {
		this.lookup = lookup;
	}

	/**
	 * Wraps a lookup, typically {@code objectProvider::getIfUnique}.
	 * @param lookup the lookup, which may return {@code null}
	 * @param <T> the bean type
	 * @return a supplier that keeps the first non-null result
	 */
	public static <T> LazyLookup<T> of(Supplier<@Nullable T> lookup) {
		return new LazyLookup<>(lookup);
	}

	/**
	 * Stops looking if the bean is still missing: called once every singleton exists, when a bean that is missing
	 * never comes, so that the hot path stops asking for it.
	 */
	public void settle() {
		this.settled = (get() == null);
	}

	@Override
	public @Nullable T get() {
		T found = this.found;
		if (found == null && !this.settled) {
			found = this.lookup.get();
			this.found = found;
		}
		return found;
	}

}
