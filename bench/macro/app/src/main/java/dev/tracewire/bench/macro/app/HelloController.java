package dev.tracewire.bench.macro.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * S1 and S2: the smallest request, without and with one log line.
 */
@RestController
class HelloController {

	private static final Logger logger = LoggerFactory.getLogger(HelloController.class);

	private final BenchCounters counters;

	HelloController(BenchCounters counters) {
		this.counters = counters;
	}

	@GetMapping("/hello")
	Mono<String> hello() {
		this.counters.hello.increment();
		return Mono.just("hello");
	}

	@GetMapping("/hello-log")
	Mono<String> helloLog() {
		this.counters.helloLog.increment();
		// Logged inside an operator, where Reactor's context propagation (when on) has put the trace into the MDC.
		return Mono.fromSupplier(() -> {
			logger.info("hello");
			return "hello";
		});
	}

}
