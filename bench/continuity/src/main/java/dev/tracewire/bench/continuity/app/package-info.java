/**
 * The continuity test application: one endpoint per asynchronous boundary, the same code under every tracing
 * setup compared.
 */
@NullMarked
package dev.tracewire.bench.continuity.app;

import org.jspecify.annotations.NullMarked;
