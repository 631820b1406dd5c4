/**
 * The sample shop's analytics service: sales aggregates per product and per minute, written per batch of orders
 * read from Kafka, and a dashboard refreshed in the background.
 */
@NullMarked
package dev.tracewire.sample.analytics;

import org.jspecify.annotations.NullMarked;
