/**
 * Test kit for traced Spring Boot applications: captures finished spans in memory through Boot's own
 * Micrometer Tracing to OpenTelemetry bridge and asserts on trace trees.
 *
 * <p>Start with {@link dev.tracewire.test.TracewireTest @TracewireTest}, {@link dev.tracewire.test.TestSpans}
 * and {@link dev.tracewire.test.TracewireAssertions}.
 */
@NullMarked
package dev.tracewire.test;

import org.jspecify.annotations.NullMarked;
