package dev.tracewire.bench.continuity.app;

import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

/**
 * {@code @Async} methods, run on Boot's {@code applicationTaskExecutor} ({@code spring.task.execution.mode=force}
 * keeps it next to the application's own executor beans).
 */
@Component
public class AsyncWorker {

	private final Work work;

	AsyncWorker(Work work) {
		this.work = work;
	}

	@Async
	public void runLater(String origin) {
		this.work.run(Boundary.ASYNC_VOID, origin);
	}

	@Async
	public CompletableFuture<String> callLater(String origin) {
		return CompletableFuture.completedFuture(this.work.run(Boundary.ASYNC_COMPLETABLE_FUTURE, origin));
	}

}
