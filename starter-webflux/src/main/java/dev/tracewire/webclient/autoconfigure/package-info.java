/**
 * Auto-configuration for tracing {@code WebClient} beans however they were created.
 */
@NullMarked
package dev.tracewire.webclient.autoconfigure;

import org.jspecify.annotations.NullMarked;
