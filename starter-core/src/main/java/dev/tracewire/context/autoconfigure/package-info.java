/**
 * Auto-configuration that makes every executor bean run tasks in the submitter's trace context.
 */
@NullMarked
package dev.tracewire.context.autoconfigure;

import org.jspecify.annotations.NullMarked;
