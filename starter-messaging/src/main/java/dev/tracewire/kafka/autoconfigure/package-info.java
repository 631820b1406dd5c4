/**
 * Auto-configuration that traces Kafka producers and listeners end to end.
 */
@NullMarked
package dev.tracewire.kafka.autoconfigure;

import org.jspecify.annotations.NullMarked;
