/**
 * Sampling that keeps a developer's every trace and bounds production cost: parent-based, a probability, a rate
 * limit per instance, rules by HTTP method, path and observation name.
 */
@NullMarked
package dev.tracewire.sampling;

import org.jspecify.annotations.NullMarked;
