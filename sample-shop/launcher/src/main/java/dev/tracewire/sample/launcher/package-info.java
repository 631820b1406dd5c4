/**
 * The sample shop's launcher: Kafka, PostgreSQL and Zipkin, the seven services as processes, a scripted load of
 * checkouts and a terminal waterfall of one checkout's trace.
 */
@NullMarked
package dev.tracewire.sample.launcher;

import org.jspecify.annotations.NullMarked;
