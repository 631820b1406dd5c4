/**
 * JMH benchmarks of Tracewire's hot paths; run as described in BENCHMARKS.md.
 */
@NullMarked
package dev.tracewire.bench;

import org.jspecify.annotations.NullMarked;
