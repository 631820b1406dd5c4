/**
 * Tracing for blocking HTTP clients that Spring Boot does not instrument by itself.
 */
@NullMarked
package dev.tracewire.http.client;

import org.jspecify.annotations.NullMarked;
