package dev.tracewire.reactor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tracewire.context.LostContextRecorder;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Reactor hook behind the lost-context counter, on plain Reactor chains.
 * <p>
 * Reactor's automatic context propagation is a JVM-wide switch: each test turns it off and puts it back as it
 * was, so that the Spring contexts other test classes share keep it.
 */
class LostContextDetectionTests {

	private final List<String> lost = new CopyOnWriteArrayList<>();

	private final LostContextRecorder recorder = this.lost::add;

	private boolean automaticPropagationWasEnabled;

	@BeforeEach
	void limitedPropagationAndHookInstalled() {
		this.automaticPropagationWasEnabled = Hooks.isAutomaticContextPropagationEnabled();
		Hooks.disableAutomaticContextPropagation();
		LostContextDetection.install();
	}

	@AfterEach
	void restore() {
		LostContextDetection.uninstall();
		if (this.automaticPropagationWasEnabled) {
			Hooks.enableAutomaticContextPropagation();
		}
		else {
			Hooks.disableAutomaticContextPropagation();
		}
	}

	@Test
	void countsAHopThatLosesTheContextOncePerSubscription() {
		List<Integer> values = Flux.range(0, 3)
			.publishOn(Schedulers.parallel())
			.map((i) -> i + 1)
			.contextWrite(this::tracedRequest)
			.collectList()
			.block(Duration.ofSeconds(5));
		assertThat(values).containsExactly(1, 2, 3);
		assertThat(this.lost).containsExactly("reactor.publishOn");
	}

	@Test
	void namesTheOperatorThatSwitchedThreads() {
		Mono.delay(Duration.ofMillis(1)).contextWrite(this::tracedRequest).block(Duration.ofSeconds(5));
		Mono.fromCallable(() -> 1)
			.subscribeOn(Schedulers.boundedElastic())
			.contextWrite(this::tracedRequest)
			.block(Duration.ofSeconds(5));
		assertThat(this.lost).containsExactly("reactor.delay", "reactor.subscribeOnCallable");
	}

	@Test
	void ignoresChainsOutsideATracedRequest() {
		Flux.range(0, 3)
			.publishOn(Schedulers.parallel())
			.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, Observation.NOOP))
			.blockLast(Duration.ofSeconds(5));
		Flux.range(0, 3)
			.publishOn(Schedulers.parallel())
			.contextWrite((context) -> LostContextDetection.watch(context, this.recorder))
			.blockLast(Duration.ofSeconds(5));
		assertThat(this.lost).isEmpty();
	}

	@Test
	void watchesNothingWithAutomaticPropagation() {
		Hooks.enableAutomaticContextPropagation();
		Flux<Integer> hop = Flux.range(0, 3).publishOn(Schedulers.parallel());
		assertThat(LostContextDetection.switchesThreads(Scannable.from(hop))).isFalse();
		hop.contextWrite(this::tracedRequest).blockLast(Duration.ofSeconds(5));
		assertThat(this.lost).isEmpty();
	}

	@Test
	void watchesOnlyOperatorsThatSwitchThreads() {
		assertThat(LostContextDetection.switchesThreads(Scannable.from(Flux.range(0, 3).map((i) -> i)))).isFalse();
		assertThat(LostContextDetection.switchesThreads(Scannable.from(Flux.range(0, 3).publishOn(Schedulers.parallel()))))
			.isTrue();
	}

	@Test
	void isInstalledOnceHoweverManyContextsAskAndRemovedWithTheLast() {
		int installations = LostContextDetection.installations();
		LostContextDetection.install();
		assertThat(LostContextDetection.installations()).isEqualTo(installations + 1);
		LostContextDetection.uninstall();
		assertThat(LostContextDetection.installations()).isEqualTo(installations);
	}

	@Test
	void namesOperatorsByTheirClassWithoutAssemblyInformation() {
		// Assembled with automatic propagation on, so that the hook leaves them undecorated.
		Hooks.enableAutomaticContextPropagation();
		assertThat(LostContextDetection.operatorName(Scannable.from(Flux.range(0, 2).publishOn(Schedulers.parallel()))))
			.isEqualTo("publishOn");
		assertThat(LostContextDetection.operatorName(Scannable.from(Mono.delay(Duration.ofMillis(1)))))
			.isEqualTo("delay");
		assertThat(LostContextDetection.operatorName(Scannable.from(Flux.range(0, 2).checkpoint("here"))))
			.doesNotContain("here");
	}

	private Context tracedRequest(Context context) {
		return LostContextDetection.watch(context.put(ObservationThreadLocalAccessor.KEY, Observation.NOOP),
				this.recorder);
	}

}
