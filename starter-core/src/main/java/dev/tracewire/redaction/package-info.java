/**
 * Keeping secrets out of spans and metric tags: URL credentials, sensitive query parameters, configured keys,
 * card numbers, bearer tokens and patterns the application names.
 */
@NullMarked
package dev.tracewire.redaction;

import org.jspecify.annotations.NullMarked;
