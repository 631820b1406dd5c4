package dev.tracewire.redaction;

/**
 * Marks an exception made for spans, whose message quotes no values (for example the stand-in the JDBC starter
 * records for a driver's exception: its class and SQL state). The {@link ExceptionRedactor} does not count it as a
 * database error, so its message is recorded, masked like any other.
 */
public interface SanitizedException {

}
