/**
 * Auto-configuration for Micrometer's span annotations on reactive methods.
 */
@NullMarked
package dev.tracewire.reactor.autoconfigure;

import org.jspecify.annotations.NullMarked;
