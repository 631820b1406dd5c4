/**
 * The application the WebFlux load benchmark drives: one endpoint with a thread hop and one WebClient call.
 */
@NullMarked
package dev.tracewire.bench.webflux;

import org.jspecify.annotations.NullMarked;
