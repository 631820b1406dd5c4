/**
 * Fault switches for the sample shop's services.
 */
@NullMarked
package dev.tracewire.sample.faults;

import org.jspecify.annotations.NullMarked;
