package dev.tracewire.testapp;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Calls the annotated methods from inside a traced request.
 */
@RestController
public class AnnotationsController {

	private final AnnotatedService service;

	public AnnotationsController(AnnotatedService service) {
		this.service = service;
	}

	@GetMapping("/annotated/lookup/{item}")
	Mono<Observed> lookup(@PathVariable String item) {
		return this.service.lookup(item);
	}

	@GetMapping("/annotated/audit/{who}")
	Mono<Observed> audit(@PathVariable String who) {
		return this.service.audit(who);
	}

}
