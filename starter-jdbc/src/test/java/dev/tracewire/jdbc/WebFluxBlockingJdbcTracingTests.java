package dev.tracewire.jdbc;

import dev.tracewire.test.TestSpans;
import dev.tracewire.test.TracewireTest;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.tracewire.test.TracewireAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking JDBC moved to {@code boundedElastic} inside a WebFlux request: the statement span is a child of the
 * request's server span. It needs Reactor's automatic context propagation, which carries the request's observation
 * to the worker thread: the starter defaults {@code spring.reactor.context-propagation} to {@code auto} (with
 * Boot's {@code limited} the statement span is a root span of its own trace).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TracewireTest
class WebFluxBlockingJdbcTracingTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TestSpans spans;

	@BeforeEach
	void products() {
		this.jdbc.execute("MERGE INTO products KEY (id) VALUES (1, 'kettle')");
		this.spans.reset();
	}

	@Test
	void reactorContextPropagationDefaultsToAuto(@Autowired org.springframework.core.env.Environment environment) {
		assertThat(environment.getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
	}

	@Test
	void statementOnBoundedElasticIsAChildOfTheRequestSpan() {
		String name = WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/products/1/name")
			.retrieve()
			.bodyToMono(String.class)
			.block();
		assertThat(name).isEqualTo("kettle");
		SpanData server = this.spans.awaitSpan("http get /products/1/name", SpanKind.SERVER);
		SpanData statement = this.spans.awaitSpan("SELECT products", SpanKind.CLIENT);
		assertThat(statement).isChildOf(server).hasAttribute("db.query.text", "SELECT name FROM products WHERE id = ?");
		assertThat(this.spans.finished()).hasExactlyOneTrace();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ReactiveApplication {

		@Bean
		ProductController productController(JdbcTemplate jdbc) {
			return new ProductController(jdbc);
		}

	}

	@RestController
	static class ProductController {

		private final JdbcTemplate jdbc;

		ProductController(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@GetMapping("/products/1/name")
		Mono<String> name() {
			return Mono
				.fromCallable(() -> this.jdbc.queryForObject("SELECT name FROM products WHERE id = ?", String.class, 1))
				.subscribeOn(Schedulers.boundedElastic());
		}

	}

}
