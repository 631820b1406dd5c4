package dev.tracewire.context;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.Ordered;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.ClassUtils;

/**
 * Makes every {@link Executor} and {@link TaskScheduler} bean (thread pools, executor services, task
 * executors and schedulers, whoever defined them) run tasks in the trace context of the thread that submitted
 * them.
 * <p>
 * Beans are proxied, keeping their class where it can be subclassed, so they can still be injected by their
 * concrete type. Wrapping happens once per bean; beans can be excluded by name. Spring Boot's own task
 * executor and scheduler are left alone: Boot decorates them itself according to
 * {@code spring.task.execution.propagate-context}, and a user who turned that off is respected.
 */
public final class ContextPropagatingExecutorPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	private static final Log logger = LogFactory.getLog(ContextPropagatingExecutorPostProcessor.class);

	private static final String BOOT_TASK_AUTO_CONFIGURATION_PACKAGE = "org.springframework.boot.autoconfigure.task.";

	private final Set<String> excludedBeans;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	/**
	 * Creates a post-processor that wraps every executor bean except the given ones.
	 * @param excludedBeans names of beans to leave alone
	 */
	public ContextPropagatingExecutorPostProcessor(Set<String> excludedBeans) {
		this.excludedBeans = Set.copyOf(excludedBeans);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (!(bean instanceof Executor || bean instanceof TaskScheduler) || this.excludedBeans.contains(beanName)
				|| isPropagating(bean) || isDefinedBySpringBootTaskAutoConfiguration(beanName)) {
			return bean;
		}
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			advised.addAdvice(0, ContextPropagatingExecutorInterceptor.INSTANCE);
			return bean;
		}
		ProxyFactory proxyFactory = new ProxyFactory(bean);
		boolean keepClass = canKeepClass(bean);
		proxyFactory.setProxyTargetClass(keepClass);
		if (!keepClass) {
			proxyFactory.setInterfaces(ClassUtils.getAllInterfaces(bean));
			logger.debug("Executor bean '" + beanName + "' of " + bean.getClass()
					+ " cannot be subclassed; it is proxied by its interfaces, so inject it by interface type"
					+ " or exclude it with tracewire.executors.excluded-beans");
		}
		proxyFactory.addAdvice(ContextPropagatingExecutorInterceptor.INSTANCE);
		return proxyFactory.getProxy(bean.getClass().getClassLoader());
	}

	static boolean isPropagating(Object bean) {
		return bean instanceof Advised advised && Arrays.stream(advised.getAdvisors())
			.anyMatch((advisor) -> advisor.getAdvice() == ContextPropagatingExecutorInterceptor.INSTANCE);
	}

	private boolean isDefinedBySpringBootTaskAutoConfiguration(String beanName) {
		if (this.beanFactory == null || !this.beanFactory.containsBeanDefinition(beanName)) {
			return false;
		}
		BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(beanName);
		Method factoryMethod = (definition instanceof RootBeanDefinition root) ? root.getResolvedFactoryMethod()
				: null;
		return factoryMethod != null
				&& factoryMethod.getDeclaringClass().getName().startsWith(BOOT_TASK_AUTO_CONFIGURATION_PACKAGE);
	}

	private static boolean canKeepClass(Object bean) {
		Class<?> type = bean.getClass();
		// JDK classes (ThreadPoolExecutor, ...) cannot be subclassed from the application's class loader.
		if (AopUtils.isAopProxy(bean) || type.getClassLoader() == null || type.getName().startsWith("java.")
				|| !Modifier.isPublic(type.getModifiers()) || Modifier.isFinal(type.getModifiers())) {
			return false;
		}
		// A final method runs on the proxy instance, not on the target: acceptable for a getter (as with any
		// class-based Spring proxy), not for a method that takes the task we must wrap.
		return Arrays.stream(type.getMethods())
			.noneMatch((method) -> Modifier.isFinal(method.getModifiers()) && Arrays.stream(method.getParameterTypes())
				.anyMatch((parameter) -> parameter == Runnable.class || parameter == Callable.class));
	}

	@Override
	public int getOrder() {
		// After other post-processors, so that we proxy what they produced.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
