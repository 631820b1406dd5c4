/**
 * Defensive parsing of incoming trace headers ({@code traceparent}, {@code tracestate}, {@code baggage}, B3) and
 * safe outgoing ones, following the W3C Trace Context, W3C Baggage and B3 rules.
 */
@NullMarked
package dev.tracewire.propagation;

import org.jspecify.annotations.NullMarked;
