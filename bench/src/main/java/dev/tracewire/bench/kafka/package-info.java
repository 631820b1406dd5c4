/**
 * The Kafka produce-to-consume throughput benchmark, traced against untraced.
 */
@NullMarked
package dev.tracewire.bench.kafka;

import org.jspecify.annotations.NullMarked;
