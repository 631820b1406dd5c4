/**
 * Tracing for {@code WebClient} instances that Spring Boot's builder did not make.
 */
@NullMarked
package dev.tracewire.webclient;

import org.jspecify.annotations.NullMarked;
