/**
 * order-service: the checkout flow (stock, payment, order, event) and the order lookup.
 */
@NullMarked
package dev.tracewire.sample.order;

import org.jspecify.annotations.NullMarked;
