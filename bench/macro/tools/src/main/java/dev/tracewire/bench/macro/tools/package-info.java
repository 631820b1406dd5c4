/**
 * The macro benchmark's tools: the infrastructure process (a span-counting OTLP sink, a KRaft broker and
 * PostgreSQL), the open-loop fixed-rate driver, the {@code wrk} wrapper and the runner that interleaves variants
 * and writes the report.
 */
@NullMarked
package dev.tracewire.bench.macro.tools;

import org.jspecify.annotations.NullMarked;
