/**
 * Auto-configuration that hardens the propagators Spring Boot configures.
 */
@NullMarked
package dev.tracewire.propagation.autoconfigure;

import org.jspecify.annotations.NullMarked;
