/**
 * gateway: the shop's public API in front of inventory-service and order-service.
 */
@NullMarked
package dev.tracewire.sample.gateway;

import org.jspecify.annotations.NullMarked;
