package dev.tracewire.reactor.autoconfigure;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.reactor.ReactiveSpanMethodInvocationProcessor;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.annotation.ImperativeMethodInvocationProcessor;
import io.micrometer.tracing.annotation.MethodInvocationProcessor;
import io.micrometer.tracing.annotation.NewSpanParser;
import io.micrometer.tracing.annotation.SpanAspect;
import io.micrometer.tracing.annotation.SpanTagAnnotationHandler;
import org.aspectj.weaver.Advice;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Makes Micrometer's span annotations ({@code @NewSpan}, {@code @ContinueSpan}, {@code @SpanTag}) work on methods
 * returning {@code Mono} or {@code Flux}, by giving Boot's {@link SpanAspect} a processor that handles reactive
 * methods and hands the others to Micrometer's imperative one.
 * <p>
 * Boot creates its imperative processor only when no {@link MethodInvocationProcessor} bean is defined, so this
 * configuration must be processed before Boot's tracing auto-configuration. It names that class in "before" and
 * has no "after" and no bean conditions, so being placed ahead of it moves none of Boot's classes. The same
 * rules as Boot's aspect apply: AspectJ on the classpath ({@code spring-boot-starter-aspectj}) and
 * {@code management.observations.annotations.enabled=true}.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnTracewireEnabled("webflux")
@ConditionalOnClass({ Advice.class, SpanAspect.class, Mono.class })
@ConditionalOnBooleanProperty("management.observations.annotations.enabled")
// Sorted last, so that our auto-configurations never change the order of Boot's.
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public final class ReactiveSpanAnnotationsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(MethodInvocationProcessor.class)
	ReactiveSpanMethodInvocationProcessor reactiveSpanMethodInvocationProcessor(ObjectProvider<Tracer> tracer,
			ObjectProvider<NewSpanParser> newSpanParser, ObjectProvider<SpanTagAnnotationHandler> spanTags) {
		return new ReactiveSpanMethodInvocationProcessor(
				() -> new ImperativeMethodInvocationProcessor(newSpanParser.getObject(), tracer.getObject(),
						spanTags.getIfAvailable()),
				tracer::getObject, spanTags::getIfAvailable);
	}

}
