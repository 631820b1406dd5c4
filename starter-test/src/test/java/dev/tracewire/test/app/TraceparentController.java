package dev.tracewire.test.app;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Echoes the {@code traceparent} header it received, inside an observation of its own.
 */
@RestController
class TraceparentController {

	private final ObservationRegistry observationRegistry;

	TraceparentController(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	@GetMapping("/traceparent")
	String traceparent(@RequestHeader(name = "traceparent", required = false) @Nullable String traceparent) {
		return Observation.createNotStarted("render.traceparent", this.observationRegistry)
			.observe(() -> (traceparent != null) ? traceparent : "none");
	}

}
