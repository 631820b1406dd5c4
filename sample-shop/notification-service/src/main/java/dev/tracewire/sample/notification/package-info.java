/**
 * The sample shop's notification service: an order confirmation e-mail for every placed order, with retry
 * topics, a dead-letter topic and a fire-and-forget {@code @Async} sender.
 */
@NullMarked
package dev.tracewire.sample.notification;

import org.jspecify.annotations.NullMarked;
