package dev.tracewire.bench.continuity.app;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The downstream side of the HTTP-client boundaries: its server span is their far side. One fixed path per
 * boundary, so that every setup names and tags the span with that path.
 */
@RestController
public class LeafController {

	private final Work work;

	LeafController(Work work) {
		this.work = work;
	}

	@GetMapping({ "/leaf/from_callable_rest_template", "/leaf/web_client_after_hop", "/leaf/zip_web_client" })
	Mono<String> leaf(ServerHttpRequest request) {
		String id = request.getPath().value().substring("/leaf/".length());
		this.work.count(Boundary.valueOf(id.toUpperCase(java.util.Locale.ROOT)));
		return Mono.just("leaf");
	}

}
