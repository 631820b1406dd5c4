package dev.tracewire.export.autoconfigure;

import java.net.URI;

import dev.tracewire.autoconfigure.ConditionalOnTracewireEnabled;
import dev.tracewire.export.JdkHttpZipkinSender;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.util.Assert;

/**
 * Sends spans to Zipkin with OpenTelemetry's Zipkin exporter once {@code tracewire.export.zipkin.endpoint} is
 * set. Boot 4.1 builds that exporter only together with its {@code spring-boot-zipkin} module (deprecated for
 * removal in 4.2); here the exporter jar and one property are enough. The exporter is a {@code SpanExporter}
 * bean, so Boot's tracer provider picks it up next to any other exporter, and the span loss meters count it. Spans
 * are sent with the JDK's HTTP client ({@link JdkHttpZipkinSender}), so the exporter's OkHttp 4 sender can be
 * excluded.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration")
// Sorted last, like all our auto-configurations (see SpanLossAutoConfiguration).
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnTracewireEnabled("export.zipkin")
@ConditionalOnClass(ZipkinSpanExporter.class)
@ConditionalOnProperty("tracewire.export.zipkin.endpoint")
@EnableConfigurationProperties(ZipkinExportProperties.class)
public final class ZipkinExportAutoConfiguration {

	@Bean(destroyMethod = "") // Boot's tracer provider shuts its exporters down
	@ConditionalOnMissingBean
	ZipkinSpanExporter tracewireZipkinSpanExporter(ZipkinExportProperties properties) {
		URI endpoint = properties.getEndpoint();
		Assert.state(endpoint != null, "tracewire.export.zipkin.endpoint is not set");
		return ZipkinSpanExporter.builder()
			.setSender(new JdkHttpZipkinSender(endpoint, properties.getReadTimeout()))
			.build();
	}

}
