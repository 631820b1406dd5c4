/**
 * Tracing additions for WebFlux servers: the {@code traceresponse} header, error status for server errors and
 * the marking of traced requests for context-loss diagnostics.
 */
@NullMarked
package dev.tracewire.webflux;

import org.jspecify.annotations.NullMarked;
