package dev.tracewire.jdbc;

import java.sql.SQLException;

import dev.tracewire.redaction.SanitizedException;
import org.jspecify.annotations.Nullable;

/**
 * What a span records of a failed JDBC call unless the application asked for driver messages: the exception's
 * class and SQL state, never its message, which often quotes the values that failed (for example PostgreSQL's
 * {@code Key (email)=(ann@example.com) already exists}). Only ever handed to observations, never thrown.
 */
public final class SanitizedSqlException extends SQLException implements SanitizedException {

	private static final long serialVersionUID = 1L;

	private final String originalType;

	private SanitizedSqlException(String originalType, @Nullable String sqlState, int vendorCode) {
		super(originalType + ((sqlState != null) ? " (SQL state " + sqlState + ")" : ""), sqlState, vendorCode);
		this.originalType = originalType;
	}

	/**
	 * Creates the sanitized stand-in for a failure.
	 * @param failure what the driver threw
	 * @return the stand-in
	 */
	static SanitizedSqlException of(Throwable failure) {
		if (failure instanceof SQLException sqlException) {
			return new SanitizedSqlException(failure.getClass().getName(), sqlException.getSQLState(),
					sqlException.getErrorCode());
		}
		return new SanitizedSqlException(failure.getClass().getName(), null, 0);
	}

	/**
	 * Returns the class name of the exception the driver threw.
	 * @return the original exception's class name
	 */
	public String getOriginalType() {
		return this.originalType;
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		// The stack would show Tracewire's listener, not the application; leave it empty.
		return this;
	}

}
