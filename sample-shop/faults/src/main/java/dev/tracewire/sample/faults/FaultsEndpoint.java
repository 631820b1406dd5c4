package dev.tracewire.sample.faults;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code faults} actuator endpoint: {@code GET /actuator/faults} lists the switches,
 * {@code POST /actuator/faults/{name}} with {@code {"enabled": true}} flips one. Being under
 * {@code /actuator}, its calls are not sampled and never show up in the shop's traces.
 */
@Endpoint(id = "faults")
public class FaultsEndpoint {

	private final Faults faults;

	public FaultsEndpoint(Faults faults) {
		this.faults = faults;
	}

	@ReadOperation
	public Map<String, Boolean> faults() {
		return this.faults.all();
	}

	@WriteOperation
	public Map<String, Boolean> set(@Selector String name, boolean enabled) {
		try {
			this.faults.set(name, enabled);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
		return this.faults.all();
	}

}
