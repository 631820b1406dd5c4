package dev.tracewire.sample.analytics;

import java.util.List;

import dev.tracewire.sample.faults.Faults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * The sales dashboard, refreshed fire-and-forget after each batch: nobody waits for it, so when it fails (fault
 * {@code silent-failure}) every request still succeeded and only the trace shows the error.
 */
@Component
class Dashboard {

	static final String SILENT_FAILURE = "silent-failure";

	private static final Logger logger = LoggerFactory.getLogger(Dashboard.class);

	private final SalesAggregates aggregates;

	private final Faults faults;

	Dashboard(SalesAggregates aggregates, Faults faults) {
		this.aggregates = aggregates;
		this.faults = faults;
	}

	@Async
	public void refreshTopSellers() {
		List<String> topSellers = this.aggregates.topSellers(3);
		if (this.faults.isOn(SILENT_FAILURE)) {
			throw new IllegalStateException("Fault '" + SILENT_FAILURE + "' is on: the dashboard rejected the refresh");
		}
		logger.info("Dashboard refreshed: top sellers {}", topSellers);
	}

}
