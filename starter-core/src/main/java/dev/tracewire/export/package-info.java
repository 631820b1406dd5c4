/**
 * Making span loss visible: meters for spans started, ended, exported and dropped (queue full, export failure).
 */
@NullMarked
package dev.tracewire.export;

import org.jspecify.annotations.NullMarked;
