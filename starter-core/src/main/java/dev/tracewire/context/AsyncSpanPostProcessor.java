package dev.tracewire.context;

import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.scheduling.annotation.Async;

/**
 * Adds {@link AsyncSpanInterceptor} to every bean with {@code @Async} methods (or an {@code @Async} class), behind
 * Spring's own async advice: Spring puts its advice first, so ours runs inside the executor's thread, whichever
 * post-processor creates the proxy.
 */
public final class AsyncSpanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the post-processor.
	 * @param registry the observation registry, looked up when a method is called
	 */
	public AsyncSpanPostProcessor(Supplier<@Nullable ObservationRegistry> registry) {
		Pointcut asyncClassOrMethod = new ComposablePointcut(new AnnotationMatchingPointcut(Async.class, true))
			.union(new AnnotationMatchingPointcut(null, Async.class, true));
		this.advisor = new DefaultPointcutAdvisor(asyncClassOrMethod, new AsyncSpanInterceptor(registry));
		setBeforeExistingAdvisors(false);
	}

}
