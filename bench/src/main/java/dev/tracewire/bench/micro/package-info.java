/**
 * JMH microbenchmarks of issue 8: propagation, one server span, Reactor context hops and a Kafka send, each
 * against what Spring Boot or OpenTelemetry does alone; run as described in BENCHMARKS.md.
 */
@NullMarked
package dev.tracewire.bench.micro;

import org.jspecify.annotations.NullMarked;
