package dev.tracewire.testapp;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints whose server spans show naming, status and exceptions.
 */
@RestController
public class ServerSpansController {

	/**
	 * The {@code traceresponse} value {@code GET /own-traceresponse} sets itself.
	 */
	public static final String OWN_TRACERESPONSE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	@GetMapping("/items/{id}")
	Mono<String> item(@PathVariable String id) {
		return Mono.just("item " + id);
	}

	@GetMapping("/items/{id}/failure")
	Mono<String> failure(@PathVariable String id) {
		return Mono.error(new IllegalStateException("item " + id + " is broken"));
	}

	@GetMapping("/unavailable")
	ResponseEntity<String> unavailable() {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("try later");
	}

	@GetMapping("/own-traceresponse")
	ResponseEntity<String> ownTraceresponse() {
		return ResponseEntity.ok().header("traceresponse", OWN_TRACERESPONSE).body("mine");
	}

	@GetMapping("/bad-request")
	ResponseEntity<String> badRequest() {
		return ResponseEntity.badRequest().body("no");
	}

	@GetMapping("/handled")
	Mono<String> handled() {
		return Mono.error(new HandledException());
	}

	@ExceptionHandler(HandledException.class)
	@ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
	String onHandled(HandledException ex) {
		return "handled";
	}

	static class HandledException extends RuntimeException {

	}

}
