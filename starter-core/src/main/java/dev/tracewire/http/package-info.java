/**
 * HTTP pieces shared by Tracewire's starters.
 */
@NullMarked
package dev.tracewire.http;

import org.jspecify.annotations.NullMarked;
