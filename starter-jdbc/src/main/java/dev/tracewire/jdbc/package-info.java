/**
 * JDBC tracing: a CLIENT span per statement with sanitized SQL, opt-in connection, fetch and transaction spans,
 * N+1 query detection and slow-query marking, all made through Micrometer observations.
 */
@NullMarked
package dev.tracewire.jdbc;

import org.jspecify.annotations.NullMarked;
