/**
 * Auto-configuration of the {@code tracewire} actuator endpoint.
 */
@NullMarked
package dev.tracewire.actuate.autoconfigure;

import org.jspecify.annotations.NullMarked;
