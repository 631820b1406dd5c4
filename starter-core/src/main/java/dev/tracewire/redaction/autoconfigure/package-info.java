/**
 * Auto-configuration of redaction for spans and observations.
 */
@NullMarked
package dev.tracewire.redaction.autoconfigure;

import org.jspecify.annotations.NullMarked;
