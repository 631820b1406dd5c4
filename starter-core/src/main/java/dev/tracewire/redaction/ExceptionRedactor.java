package dev.tracewire.redaction;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Masks secrets in exception messages before a span records them (the {@code exception.message} and
 * {@code exception.stacktrace} event attributes and the error status description): each message in the cause
 * chain goes through the {@link Redactor}. Exceptions caused by a database error (an {@link SQLException} or an
 * R2DBC exception anywhere in the chain, other than a {@link SanitizedException}) lose their messages altogether
 * unless asked otherwise: drivers and Spring's data access exceptions quote SQL and the values that failed, which
 * no pattern can tell apart.
 */
public final class ExceptionRedactor {

	/**
	 * The key messages are redacted under.
	 */
	public static final String MESSAGE_KEY = "exception.message";

	// A cause chain longer than this is not walked further: its remaining messages are dropped.
	private static final int MAX_THROWABLES = 64;

	private static final String R2DBC_EXCEPTION = "io.r2dbc.spi.R2dbcException";

	private final Redactor redactor;

	private final boolean includeDatabaseErrorMessages;

	/**
	 * Creates the redactor.
	 * @param redactor what masks each message
	 * @param includeDatabaseErrorMessages whether exceptions caused by a database error keep their (masked)
	 * messages
	 */
	public ExceptionRedactor(Redactor redactor, boolean includeDatabaseErrorMessages) {
		this.redactor = redactor;
		this.includeDatabaseErrorMessages = includeDatabaseErrorMessages;
	}

	/**
	 * Returns the exception as a span may record it: {@code throwable} itself when no message needs masking,
	 * otherwise a stand-in with the same types (in {@code toString()}), stack frames, causes and suppressed
	 * exceptions, and masked or no messages.
	 * @param throwable the exception
	 * @return {@code throwable} or its stand-in
	 */
	public Throwable redact(Throwable throwable) {
		Set<Throwable> chain = chainOf(throwable);
		boolean dropMessages = dropsMessages(chain);
		// Each message masked once: the masked ones both decide whether a stand-in is needed and go into it.
		Map<Throwable, @Nullable String> masked = new IdentityHashMap<>();
		boolean changed = dropMessages || chain.size() >= MAX_THROWABLES;
		if (!dropMessages) {
			for (Throwable original : chain) {
				String message = original.getMessage();
				String redacted = mask(message);
				masked.put(original, redacted);
				changed |= redacted != message;
			}
		}
		if (!changed) {
			return throwable;
		}
		Map<Throwable, RedactedThrowable> standIns = new IdentityHashMap<>();
		for (Throwable original : chain) {
			standIns.put(original, new RedactedThrowable(original, masked.get(original)));
		}
		standIns.forEach((original, standIn) -> standIn.link(original, standIns));
		return standIns.get(throwable);
	}

	/**
	 * Returns the exception's own message as a span may record it, the same as {@code redact(throwable)}'s, without
	 * building the stand-in: for a status description that repeats it.
	 * @param throwable the exception
	 * @return the masked message, or {@code null} when it has none or it is dropped
	 */
	public @Nullable String message(Throwable throwable) {
		String message = throwable.getMessage();
		return (message != null && !dropsMessages(chainOf(throwable))) ? mask(message) : null;
	}

	private @Nullable String mask(@Nullable String message) {
		return (message != null) ? this.redactor.redact(MESSAGE_KEY, message) : null;
	}

	private boolean dropsMessages(Set<Throwable> chain) {
		return !this.includeDatabaseErrorMessages && chain.stream().anyMatch(ExceptionRedactor::isDatabaseError);
	}

	// The exception, its causes and suppressed exceptions (and theirs), each once, at most MAX_THROWABLES.
	private static Set<Throwable> chainOf(Throwable throwable) {
		Set<Throwable> chain = Collections.newSetFromMap(new IdentityHashMap<>());
		Deque<Throwable> pending = new ArrayDeque<>();
		pending.add(throwable);
		while (!pending.isEmpty() && chain.size() < MAX_THROWABLES) {
			Throwable next = pending.poll();
			if (chain.add(next)) {
				Throwable cause = next.getCause();
				if (cause != null) {
					pending.add(cause);
				}
				Collections.addAll(pending, next.getSuppressed());
			}
		}
		return chain;
	}

	private static boolean isDatabaseError(Throwable throwable) {
		if (throwable instanceof SanitizedException) {
			return false;
		}
		if (throwable instanceof SQLException) {
			return true;
		}
		for (Class<?> type = throwable.getClass(); type != null; type = type.getSuperclass()) {
			if (type.getName().equals(R2DBC_EXCEPTION)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * An exception as recorded: the original's type name, stack frames, cause and suppressed exceptions (as
	 * stand-ins), with a masked or no message. Captures no stack of its own.
	 */
	static final class RedactedThrowable extends Throwable {

		private static final long serialVersionUID = 1L;

		private final String typeName;

		private transient @Nullable Throwable cause;

		RedactedThrowable(Throwable original, @Nullable String message) {
			super(message, null, true, true);
			this.typeName = original.getClass().getName();
			setStackTrace(original.getStackTrace());
		}

		void link(Throwable original, Map<Throwable, RedactedThrowable> standIns) {
			Throwable originalCause = original.getCause();
			this.cause = (originalCause != null) ? standIns.get(originalCause) : null;
			for (Throwable suppressed : original.getSuppressed()) {
				RedactedThrowable standIn = standIns.get(suppressed);
				if (standIn != null) {
					addSuppressed(standIn);
				}
			}
		}

		@Override
		public synchronized @Nullable Throwable getCause() {
			return this.cause;
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			// The original's frames are set in the constructor; capturing this one's would be wasted work.
			return this;
		}

		@Override
		public String toString() {
			String message = getLocalizedMessage();
			return (message != null) ? this.typeName + ": " + message : this.typeName;
		}

	}

}
