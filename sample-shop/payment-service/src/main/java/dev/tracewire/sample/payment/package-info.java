/**
 * The sample shop's payment service: charges authorised by a fake card processor and stored over JDBC.
 */
@NullMarked
package dev.tracewire.sample.payment;

import org.jspecify.annotations.NullMarked;
