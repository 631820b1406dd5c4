package dev.tracewire.context;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs each lost context at DEBUG, with a stack trace that shows where the work ran.
 */
final class LoggingLostContextRecorder implements LostContextRecorder {

	static final LoggingLostContextRecorder INSTANCE = new LoggingLostContextRecorder();

	private static final Log logger = LogFactory.getLog(LOGGER_NAME);

	private LoggingLostContextRecorder() {
	}

	@Override
	public void recordLost(String boundary) {
		if (logger.isDebugEnabled()) {
			logger.debug("Trace context lost at boundary '" + boundary + "'", new Throwable("context lost here"));
		}
	}

}
