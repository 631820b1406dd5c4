/**
 * The sample shop's inventory service: products, stock reservation and release over JDBC.
 */
@NullMarked
package dev.tracewire.sample.inventory;

import org.jspecify.annotations.NullMarked;
