/**
 * Analyses of one finished trace in plain Java: its critical path, the root cause of each failure and the self
 * time of each service.
 *
 * <p>Convert spans to {@link dev.tracewire.analysis.AnalyzedSpan}, build a {@link dev.tracewire.analysis.Trace}
 * with {@link dev.tracewire.analysis.Trace#of(java.util.List)}, and ask it.
 */
@NullMarked
package dev.tracewire.analysis;

import org.jspecify.annotations.NullMarked;
