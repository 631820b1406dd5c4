/**
 * Trace context in Reactor: diagnostics for reactive work that lost its context, and Micrometer's span
 * annotations on methods returning {@code Mono} or {@code Flux}.
 */
@NullMarked
package dev.tracewire.reactor;

import org.jspecify.annotations.NullMarked;
