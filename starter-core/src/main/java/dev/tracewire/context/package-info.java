/**
 * Carrying the caller's trace context into work that runs on other threads.
 */
@NullMarked
package dev.tracewire.context;

import org.jspecify.annotations.NullMarked;
