/**
 * Auto-configuration for WebFlux servers, WebClient and Reactor: wiring only.
 */
@NullMarked
package dev.tracewire.webflux.autoconfigure;

import org.jspecify.annotations.NullMarked;
