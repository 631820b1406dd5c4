/**
 * The sample shop's loyalty service: points for every placed order, read from Kafka and kept in PostgreSQL.
 */
@NullMarked
package dev.tracewire.sample.loyalty;

import org.jspecify.annotations.NullMarked;
