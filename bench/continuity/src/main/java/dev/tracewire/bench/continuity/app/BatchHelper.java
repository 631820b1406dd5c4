package dev.tracewire.bench.continuity.app;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The per-record helper for batch listeners of the setup under test, if it has one: only Tracewire does
 * ({@code KafkaBatchTracing.forEach}). Looked up reflectively, since the application is the same for every setup
 * and only Tracewire's runs have it on the classpath.
 */
public final class BatchHelper {

	private static final String TRACEWIRE = "dev.tracewire.kafka.KafkaBatchTracing";

	private static final @Nullable Method FOR_EACH = findForEach();

	private BatchHelper() {
	}

	/**
	 * Returns the helper's class name, or {@code null} if the setup has none.
	 * @return the helper or {@code null}
	 */
	public static @Nullable String name() {
		return (FOR_EACH != null) ? TRACEWIRE + ".forEach" : null;
	}

	static <T> void forEach(List<T> batch, Consumer<? super T> action) {
		if (FOR_EACH == null) {
			batch.forEach(action);
			return;
		}
		try {
			FOR_EACH.invoke(null, batch, action);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	private static @Nullable Method findForEach() {
		if (!ClassUtils.isPresent(TRACEWIRE, BatchHelper.class.getClassLoader())) {
			return null;
		}
		try {
			return ClassUtils.forName(TRACEWIRE, BatchHelper.class.getClassLoader())
				.getMethod("forEach", List.class, Consumer.class);
		}
		catch (ClassNotFoundException | NoSuchMethodException ex) {
			return null;
		}
	}

}
