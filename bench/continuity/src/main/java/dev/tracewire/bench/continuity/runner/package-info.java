/**
 * The continuity matrix's runner: a KRaft broker, an OTLP collector, one application run per tracing setup, the
 * judge and the Markdown report.
 */
@NullMarked
package dev.tracewire.bench.continuity.runner;

import org.jspecify.annotations.NullMarked;
