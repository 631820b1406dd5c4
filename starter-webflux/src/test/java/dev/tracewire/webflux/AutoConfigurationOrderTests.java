package dev.tracewire.webflux;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.tracewire.reactor.autoconfigure.ReactiveSpanAnnotationsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxObservationAutoConfiguration;
import org.springframework.boot.context.annotation.Configurations;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our auto-configurations never change the order in which Boot's run (naming a Boot class in "before" or "after"
 * can pull it ahead of classes it silently relies on), and ours that must precede one of Boot's do.
 */
class AutoConfigurationOrderTests {

	@Test
	void bootsAutoConfigurationsKeepTheirOrder() {
		List<String> all = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates();
		List<String> boots = all.stream().filter((name) -> !name.startsWith("dev.tracewire.")).toList();
		List<String> withOurs = sorted(all).stream().filter((name) -> !name.startsWith("dev.tracewire.")).toList();
		assertThat(withOurs).containsExactlyElementsOf(sorted(boots));
		assertThat(boots).contains(WebFluxObservationAutoConfiguration.class.getName(),
				WebClientObservationAutoConfiguration.class.getName(), MicrometerTracingAutoConfiguration.class.getName());
	}

	@Test
	void reactiveSpanProcessorIsDefinedBeforeBootsImperativeOne() {
		List<String> all = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates();
		List<String> order = sorted(all);
		assertThat(order.indexOf(ReactiveSpanAnnotationsAutoConfiguration.class.getName()))
			.isLessThan(order.indexOf(MicrometerTracingAutoConfiguration.class.getName()));
	}

	private static List<String> sorted(List<String> names) {
		List<Class<?>> classes = new ArrayList<>();
		for (String name : names) {
			if (ClassUtils.isPresent(name, AutoConfigurationOrderTests.class.getClassLoader())) {
				classes.add(ClassUtils.resolveClassName(name, AutoConfigurationOrderTests.class.getClassLoader()));
			}
		}
		return Arrays.stream(Configurations.getClasses(AutoConfigurations.of(classes.toArray(Class<?>[]::new))))
			.map(Class::getName)
			.toList();
	}

}
