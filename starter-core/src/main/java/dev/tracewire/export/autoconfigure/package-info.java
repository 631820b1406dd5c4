/**
 * Auto-configuration of the span loss meters and of Zipkin export.
 */
@NullMarked
package dev.tracewire.export.autoconfigure;

import org.jspecify.annotations.NullMarked;
