package dev.tracewire.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * A SQL statement as it may be recorded: its text with every literal replaced by {@code ?}, and what a span name
 * and attributes need from it.
 *
 * @param text the statement with literals masked, comments dropped and whitespace collapsed
 * @param operationName the statement's operation in upper case, such as {@code SELECT}, or {@code null} if none
 * was recognised
 * @param collectionName the first table the statement works on, as written, or {@code null}
 * @param storedProcedureName the procedure a {@code CALL} or {@code EXEC} statement runs, or {@code null}
 * @param fingerprint a stable hash of {@code text} (16 hex digits) that identifies statements of the same shape
 */
public record SqlStatement(String text, @Nullable String operationName, @Nullable String collectionName,
		@Nullable String storedProcedureName, String fingerprint) {

	/**
	 * Returns the target a span name shows after the operation: the table or the procedure.
	 * @return the target, or {@code null}
	 */
	public @Nullable String target() {
		return (this.collectionName != null) ? this.collectionName : this.storedProcedureName;
	}

}
