/**
 * Auto-configuration of the span loss meters.
 */
@NullMarked
package dev.tracewire.export.autoconfigure;

import org.jspecify.annotations.NullMarked;
