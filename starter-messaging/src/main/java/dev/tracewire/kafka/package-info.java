/**
 * Kafka tracing that runs inside the application: trace-header hygiene for consumed records, conventions that
 * add messaging attributes to spring-kafka's observations, batch spans with links, per-record scopes in batches
 * and guards that close every listener observation.
 */
@NullMarked
package dev.tracewire.kafka;

import org.jspecify.annotations.NullMarked;
