package dev.tracewire.sample.faults;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fault switches of one service: a fixed set of names, each on or off. Services ask {@link #isOn(String)}
 * where the fault would happen; the launcher and the {@code faults} actuator endpoint flip them.
 */
public final class Faults {

	private final Map<String, Boolean> switches = new ConcurrentHashMap<>();

	/**
	 * Creates the switches, all off except those listed as active.
	 * @param available the names this service knows
	 * @param active the names to switch on at start
	 * @throws IllegalArgumentException if an active name is not available
	 */
	public Faults(Collection<String> available, Collection<String> active) {
		available.forEach((name) -> this.switches.put(name, false));
		active.forEach((name) -> set(name, true));
	}

	/**
	 * Returns whether the fault is on; unknown names are never on.
	 * @param name the fault name, for example {@code slow-query}
	 * @return whether it is on
	 */
	public boolean isOn(String name) {
		return this.switches.getOrDefault(name, false);
	}

	/**
	 * Switches a fault on or off.
	 * @param name the fault name
	 * @param on whether it should be on
	 * @throws IllegalArgumentException if this service has no such fault
	 */
	public void set(String name, boolean on) {
		if (!this.switches.containsKey(name)) {
			throw new IllegalArgumentException(
					"No fault named '" + name + "' here; this service has " + this.switches.keySet());
		}
		this.switches.put(name, on);
	}

	/**
	 * Returns every fault of this service with its state, sorted by name.
	 * @return name to whether it is on
	 */
	public Map<String, Boolean> all() {
		return new TreeMap<>(this.switches);
	}

	/**
	 * Returns the names of the faults that are on.
	 * @return the active names
	 */
	public Set<String> active() {
		Set<String> active = new java.util.TreeSet<>();
		this.switches.forEach((name, on) -> {
			if (on) {
				active.add(name);
			}
		});
		return active;
	}

}
