package dev.tracewire.context;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Wraps the tasks handed to an executor's submission methods so that each runs in the submitter's trace
 * context. Only submission methods are touched: {@code newThread(Runnable)} or {@code remove(Runnable)} must
 * see the caller's own objects.
 */
final class ContextPropagatingExecutorInterceptor implements MethodInterceptor {

	static final ContextPropagatingExecutorInterceptor INSTANCE = new ContextPropagatingExecutorInterceptor();

	private static final Set<String> SUBMISSION_METHODS = Set.of("execute", "submit", "submitCompletable",
			"submitListenable", "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay", "invokeAll",
			"invokeAny");

	private ContextPropagatingExecutorInterceptor() {
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (SUBMISSION_METHODS.contains(invocation.getMethod().getName())) {
			Object[] arguments = invocation.getArguments();
			for (int i = 0; i < arguments.length; i++) {
				arguments[i] = wrapTask(arguments[i]);
			}
		}
		return invocation.proceed();
	}

	private static @Nullable Object wrapTask(@Nullable Object argument) {
		if (argument instanceof Runnable runnable) {
			return TracewireContext.wrap(runnable);
		}
		if (argument instanceof Callable<?> callable) {
			return TracewireContext.wrap(callable);
		}
		if (argument instanceof Collection<?> tasks && !tasks.isEmpty()
				&& tasks.stream().allMatch(Callable.class::isInstance)) {
			List<Callable<?>> wrapped = new ArrayList<>(tasks.size());
			for (Object task : tasks) {
				wrapped.add(TracewireContext.wrap((Callable<?>) task));
			}
			return wrapped;
		}
		return argument;
	}

}
