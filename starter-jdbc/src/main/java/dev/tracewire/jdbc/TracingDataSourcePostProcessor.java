package dev.tracewire.jdbc;

import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;

/**
 * Traces every {@link DataSource} bean, whoever defined it: each bean is wrapped once (a bean that is traced
 * already is left alone), keeps its class where it can be subclassed, and can be excluded by name.
 */
public final class TracingDataSourcePostProcessor implements BeanPostProcessor, Ordered {

	private final Supplier<JdbcTracing> tracing;

	private final Set<String> excludedBeans;

	/**
	 * Creates a post-processor.
	 * @param tracing supplies the tracing, called on the first connection of a traced data source
	 * @param excludedBeans names of data source beans to leave untouched
	 */
	public TracingDataSourcePostProcessor(Supplier<JdbcTracing> tracing, Set<String> excludedBeans) {
		this.tracing = SingletonSupplier.of(tracing);
		this.excludedBeans = Set.copyOf(excludedBeans);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof DataSource dataSource && !this.excludedBeans.contains(beanName)) {
			return JdbcTracing.wrap(dataSource, beanName, this.tracing);
		}
		return bean;
	}

	@Override
	public int getOrder() {
		// After other post-processors, so that we wrap what they produced.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
