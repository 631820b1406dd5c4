package dev.tracewire.bench.continuity.app;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * A {@code @Scheduled} method running every 200 ms that does the far side of its boundaries once each, when a
 * request has armed them: a scheduled run has no caller, so its right trace is one of its own that the work joins.
 */
@Component
public class ScheduledWork {

	private final Work work;

	private final ThreadPoolTaskExecutor workerPool;

	private final AtomicBoolean runArmed = new AtomicBoolean();

	private final AtomicBoolean handOffArmed = new AtomicBoolean();

	ScheduledWork(Work work, ThreadPoolTaskExecutor workerPool) {
		this.work = work;
		this.workerPool = workerPool;
	}

	void arm() {
		this.runArmed.set(true);
		this.handOffArmed.set(true);
	}

	@Scheduled(fixedDelay = 200)
	void everyFewMoments() {
		if (this.runArmed.compareAndSet(true, false)) {
			this.work.run(Boundary.SCHEDULED, Work.origin());
		}
		else if (this.handOffArmed.compareAndSet(true, false)) {
			String origin = Work.origin();
			this.workerPool.execute(() -> this.work.run(Boundary.SCHEDULED_HAND_OFF, origin));
		}
	}

}
