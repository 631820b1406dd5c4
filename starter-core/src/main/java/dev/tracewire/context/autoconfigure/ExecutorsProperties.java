package dev.tracewire.context.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Trace context across executors, task executors, schedulers and {@code @Async}.
 */
@ConfigurationProperties(ExecutorsProperties.PREFIX)
public class ExecutorsProperties {

	static final String PREFIX = "tracewire.executors";

	/**
	 * Whether Executor, ExecutorService, TaskExecutor and TaskScheduler beans run tasks in the submitter's
	 * trace context. Defaults to the value of 'tracewire.enabled'.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Names of executor and scheduler beans to leave untouched.
	 */
	private List<String> excludedBeans = new ArrayList<>();

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getExcludedBeans() {
		return this.excludedBeans;
	}

	public void setExcludedBeans(List<String> excludedBeans) {
		this.excludedBeans = excludedBeans;
	}

}
