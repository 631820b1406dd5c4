/**
 * Auto-configuration of Tracewire's servlet server additions.
 */
@NullMarked
package dev.tracewire.http.server.autoconfigure;

import org.jspecify.annotations.NullMarked;
