package dev.tracewire.testapp;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The downstream service of the test applications: echoes the {@code traceparent} it received.
 */
@RestController
public class LeafController {

	public static final String SPAN_NAME = "http get /leaf";

	@GetMapping("/leaf")
	Mono<String> leaf(@RequestHeader(name = "traceparent", defaultValue = "none") String traceparent,
			@RequestParam(defaultValue = "0") long delayMillis) {
		Mono<String> answer = Mono.just(traceparent);
		return (delayMillis > 0) ? answer.delayElement(Duration.ofMillis(delayMillis)) : answer;
	}

}
