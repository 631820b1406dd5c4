/**
 * Test support shared by the shop's service tests (never by the services themselves): an embedded PostgreSQL and
 * stub HTTP services.
 */
@NullMarked
package dev.tracewire.sample.testsupport;

import org.jspecify.annotations.NullMarked;
