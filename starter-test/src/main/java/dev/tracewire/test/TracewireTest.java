package dev.tracewire.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.test.context.TestPropertySource;

/**
 * Turns a {@code @SpringBootTest} class into a traced test: every span is captured in memory and can be
 * asserted with {@link TracewireAssertions}.
 *
 * <p>What it does:
 * <ul>
 * <li>{@link AutoConfigureTracing @AutoConfigureTracing} keeps tracing export on. Without it, Boot's
 * {@code spring-boot-micrometer-tracing-test} sets {@code management.tracing.export.enabled=false} in every test
 * context with the highest precedence (a {@code @TestPropertySource} cannot undo it, only this annotation or
 * {@code spring.test.tracing.export=true} can); with OpenTelemetry that also replaces the propagators with a
 * no-op, so no {@code traceparent} header is sent.</li>
 * <li>imports {@link TracewireTestAutoConfiguration}, which adds a {@link TestSpans} bean and a synchronous span
 * processor to Boot's {@code SdkTracerProvider};</li>
 * <li>sets {@code management.tracing.sampling.probability=1.0} so that the test sees every trace (Boot's default
 * is 0.1), and switches off Tracewire's sampling rate limit ({@code tracewire.sampling.rate-limit.enabled=false}),
 * so that a test sending many requests still sees all of them;</li>
 * <li>registers {@link TracewireTestExtension}, which clears the captured spans before each test and fails a
 * test that leaves a span, scope or observation open on its thread.</li>
 * </ul>
 *
 * <pre class="code">
 * &#064;SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * &#064;TracewireTest
 * class CheckoutTests {
 *
 *     &#064;Autowired TestSpans spans;
 *
 *     &#064;Test
 *     void checkoutIsOneTrace() {
 *         // ... call the application
 *         assertThat(spans.awaitCount(2)).hasExactlyOneTrace().hasParentChild("http get", "http get /checkout");
 *     }
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@AutoConfigureTracing
@ImportAutoConfiguration(TracewireTestAutoConfiguration.class)
@ExtendWith(TracewireTestExtension.class)
@TestPropertySource(properties = { "management.tracing.sampling.probability=1.0",
		"tracewire.sampling.rate-limit.enabled=false" })
public @interface TracewireTest {

}
