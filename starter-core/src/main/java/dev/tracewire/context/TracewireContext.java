package dev.tracewire.context;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Carries the caller's trace context into work that runs elsewhere: on a pool we don't own, in a
 * {@link CompletableFuture}, or in any task handed to another thread.
 * <p>
 * Captures both the OpenTelemetry context (so spans started by hand with {@code tracer.nextSpan()} travel
 * too) and every value registered with Micrometer's {@code ContextRegistry} (the current observation, and
 * anything else the application registered). Restores them around the task and removes them afterwards, so
 * nothing is left on the worker thread.
 * <pre>{@code
 * CompletableFuture<Price> price = TracewireContext.supplyAsync(() -> pricing.quote(id), legacyPool);
 * }</pre>
 */
public final class TracewireContext {

	private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

	private TracewireContext() {
	}

	/**
	 * Returns a task that runs in the current trace context, wherever it is run.
	 * @param task the task
	 * @return the wrapped task, or the task itself if it is already wrapped
	 */
	public static Runnable wrap(Runnable task) {
		if (task instanceof ContextRunnable) {
			return task;
		}
		return new ContextRunnable(Captured.now(), task);
	}

	/**
	 * Returns a task that runs in the current trace context, wherever it is run.
	 * @param task the task
	 * @param <T> the result type
	 * @return the wrapped task, or the task itself if it is already wrapped
	 */
	public static <T> Callable<T> wrap(Callable<T> task) {
		if (task instanceof ContextCallable) {
			return task;
		}
		return new ContextCallable<>(Captured.now(), task);
	}

	/**
	 * Returns a supplier that runs in the current trace context, wherever it is called.
	 * @param supplier the supplier
	 * @param <T> the result type
	 * @return the wrapped supplier
	 */
	public static <T> Supplier<T> wrap(Supplier<T> supplier) {
		Captured captured = Captured.now();
		return () -> {
			try (Captured.Restored restored = captured.restore()) {
				return supplier.get();
			}
		};
	}

	/**
	 * Returns an executor that runs every task in the context of the thread that submitted it. Use it for
	 * pools that are not Spring beans (beans are wrapped by Tracewire already).
	 * @param executor the executor to delegate to
	 * @return the wrapping executor
	 */
	public static Executor wrap(Executor executor) {
		if (executor instanceof ContextExecutor) {
			return executor;
		}
		return new ContextExecutor(executor);
	}

	/**
	 * Like {@link CompletableFuture#supplyAsync(Supplier, Executor)}, with the supplier running in the
	 * caller's trace context.
	 * @param supplier the work
	 * @param executor the executor to run it on
	 * @param <T> the result type
	 * @return the future
	 */
	public static <T> CompletableFuture<T> supplyAsync(Supplier<T> supplier, Executor executor) {
		return CompletableFuture.supplyAsync(wrap(supplier), executor);
	}

	/**
	 * Like {@link CompletableFuture#runAsync(Runnable, Executor)}, with the task running in the caller's
	 * trace context.
	 * @param task the work
	 * @param executor the executor to run it on
	 * @return the future
	 */
	public static CompletableFuture<Void> runAsync(Runnable task, Executor executor) {
		return CompletableFuture.runAsync(wrap(task), executor);
	}

	/**
	 * The caller's OpenTelemetry context and Micrometer context snapshot, taken together.
	 */
	private record Captured(Context otelContext, ContextSnapshot snapshot) {

		static Captured now() {
			return new Captured(Context.current(), SNAPSHOTS.captureAll());
		}

		Restored restore() {
			// OpenTelemetry first: re-opening the observation's scope then nests inside it, and the scopes
			// close in reverse order, as strict context checking requires.
			Scope otelScope = this.otelContext.makeCurrent();
			try {
				return new Restored(otelScope, this.snapshot.setThreadLocals());
			}
			catch (RuntimeException | Error ex) {
				otelScope.close();
				throw ex;
			}
		}

		record Restored(Scope otelScope, ContextSnapshot.Scope snapshotScope) implements AutoCloseable {

			@Override
			public void close() {
				try {
					this.snapshotScope.close();
				}
				finally {
					this.otelScope.close();
				}
			}

		}

	}

	private record ContextRunnable(Captured captured, Runnable delegate) implements Runnable {

		@Override
		public void run() {
			try (Captured.Restored restored = this.captured.restore()) {
				this.delegate.run();
			}
		}

	}

	private record ContextCallable<T>(Captured captured, Callable<T> delegate) implements Callable<T> {

		@Override
		public T call() throws Exception {
			try (Captured.Restored restored = this.captured.restore()) {
				return this.delegate.call();
			}
		}

	}

	private record ContextExecutor(Executor delegate) implements Executor {

		@Override
		public void execute(Runnable command) {
			this.delegate.execute(wrap(command));
		}

	}

}
