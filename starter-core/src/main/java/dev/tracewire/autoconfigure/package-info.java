/**
 * Tracewire's shared wiring: the enablement switches and the defaults it sets for Spring Boot's own keys.
 */
@NullMarked
package dev.tracewire.autoconfigure;

import org.jspecify.annotations.NullMarked;
