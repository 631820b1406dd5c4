/**
 * Auto-configuration that replaces Spring Boot's sampler with Tracewire's.
 */
@NullMarked
package dev.tracewire.sampling.autoconfigure;

import org.jspecify.annotations.NullMarked;
