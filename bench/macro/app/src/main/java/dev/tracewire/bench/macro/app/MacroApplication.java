package dev.tracewire.bench.macro.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The macro benchmark's application under test: S1 {@code GET /hello}, S2 {@code GET /hello-log} and S3
 * {@code GET /checkout} (gateway, service, Kafka, listener, PostgreSQL), plus {@code /bench/*} endpoints that
 * report CPU time, allocated bytes and request counts. It has no tracing code of its own: every variant (untraced,
 * Tracewire, Boot's tracing, the OpenTelemetry agent or Spring Boot starter) is chosen by properties and JVM flags.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class MacroApplication {

	public static void main(String[] args) {
		SpringApplication.run(MacroApplication.class, args);
	}

}
