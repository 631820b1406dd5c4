package dev.tracewire.sample.launcher;

import java.util.List;

/**
 * A part of the shop did not come up: which one, why, and the end of its log.
 */
final class ShopStartException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String component;

	private final List<String> logTail;

	private boolean stopped;

	ShopStartException(String component, String reason, List<String> logTail, Throwable cause) {
		super(component + ": " + reason, cause);
		this.component = component;
		this.logTail = List.copyOf(logTail);
	}

	ShopStartException(String component, String reason, List<String> logTail) {
		super(component + ": " + reason);
		this.component = component;
		this.logTail = List.copyOf(logTail);
	}

	/**
	 * Returns the exception for a start cut short by Ctrl-C (the processes stopping are no failure to report).
	 * @return the exception
	 */
	static ShopStartException stopped() {
		ShopStartException ex = new ShopStartException("launcher", "stopped while starting", List.of());
		ex.stopped = true;
		return ex;
	}

	/**
	 * Returns whether the start was cut short on purpose.
	 * @return whether the shop was stopped while starting
	 */
	boolean isStopped() {
		return this.stopped;
	}

	String component() {
		return this.component;
	}

	List<String> logTail() {
		return this.logTail;
	}

}
