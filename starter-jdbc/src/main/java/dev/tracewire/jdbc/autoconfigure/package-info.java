/**
 * Auto-configuration for tracing every {@code DataSource} bean.
 */
@NullMarked
package dev.tracewire.jdbc.autoconfigure;

import org.jspecify.annotations.NullMarked;
