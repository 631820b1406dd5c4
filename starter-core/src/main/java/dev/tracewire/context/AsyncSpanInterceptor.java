package dev.tracewire.context;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

/**
 * Runs each {@code @Async} method invocation in an observation of its own, a span named after the method
 * ({@code sendConfirmation} becomes {@code send-confirmation}), as Spring Cloud Sleuth did. Placed after Spring's
 * async interceptor, it runs on the executor's thread, where the caller's context has been restored, so the span
 * is a child of the caller's. Fire-and-forget work that fails is therefore still visible: the exception is recorded
 * on the span even for {@code void} methods, whose exceptions otherwise only reach the uncaught-exception handler.
 * For methods returning a {@link CompletionStage}, the span ends when the stage completes.
 */
public final class AsyncSpanInterceptor implements MethodInterceptor {

	/** Name of the observation, and of the timer Micrometer derives from it. */
	public static final String OBSERVATION_NAME = "tracewire.async";

	private final Supplier<@Nullable ObservationRegistry> registry;

	/**
	 * Creates the interceptor.
	 * @param registry the observation registry, looked up when a method is called
	 */
	public AsyncSpanInterceptor(Supplier<@Nullable ObservationRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		ObservationRegistry registry = this.registry.get();
		if (registry == null || registry.isNoop()) {
			return invocation.proceed();
		}
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, registry)
			.contextualName(spanName(method.getName()))
			.lowCardinalityKeyValue("code.namespace", targetClass.getName())
			.lowCardinalityKeyValue("code.function", method.getName())
			.start();
		Object result;
		try (Observation.Scope scope = observation.openScope()) {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, failure) -> {
				if (failure != null) {
					observation.error(unwrap(failure));
				}
				observation.stop();
			});
		}
		else {
			observation.stop();
		}
		return result;
	}

	/**
	 * Turns a method name into a span name: {@code sendConfirmationEmail} becomes
	 * {@code send-confirmation-email}.
	 * @param methodName the method name
	 * @return the span name
	 */
	static String spanName(String methodName) {
		StringBuilder name = new StringBuilder(methodName.length() + 4);
		for (int i = 0; i < methodName.length(); i++) {
			char c = methodName.charAt(i);
			if (Character.isUpperCase(c)) {
				if (i > 0) {
					name.append('-');
				}
				name.append(Character.toLowerCase(c));
			}
			else {
				name.append(c);
			}
		}
		return name.toString();
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
