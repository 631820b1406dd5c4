/**
 * The application under test of the macro benchmark.
 */
@NullMarked
package dev.tracewire.bench.macro.app;

import org.jspecify.annotations.NullMarked;
