/**
 * Auto-configuration for tracing {@code RestTemplate} and {@code RestClient} beans however they were created.
 */
@NullMarked
package dev.tracewire.http.client.autoconfigure;

import org.jspecify.annotations.NullMarked;
