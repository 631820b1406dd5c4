/**
 * Tracing additions for servlet (Spring MVC) servers.
 */
@NullMarked
package dev.tracewire.http.server;

import org.jspecify.annotations.NullMarked;
