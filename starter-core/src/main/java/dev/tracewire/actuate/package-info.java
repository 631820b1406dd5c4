/**
 * The {@code tracewire} actuator endpoint: what Tracewire does in this application, and what it has lost.
 */
@NullMarked
package dev.tracewire.actuate;

import org.jspecify.annotations.NullMarked;
