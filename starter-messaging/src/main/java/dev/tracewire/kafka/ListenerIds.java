package dev.tracewire.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Finds the listener id of the container a consumer belongs to. A batch interceptor is shared by every container
 * of a factory and only sees the consumer; the registry knows which container has which client id.
 */
final class ListenerIds {

	private static final String UNKNOWN = "unknown";

	private final Supplier<@Nullable KafkaListenerEndpointRegistry> registry;

	private final Map<String, String> byClientId = new ConcurrentHashMap<>();

	ListenerIds(Supplier<@Nullable KafkaListenerEndpointRegistry> registry) {
		this.registry = registry;
	}

	String resolve(@Nullable String clientId, @Nullable String groupId) {
		if (clientId != null) {
			String known = this.byClientId.get(clientId);
			if (known != null) {
				return known;
			}
			String found = search(clientId);
			if (found != null) {
				this.byClientId.put(clientId, found);
				return found;
			}
		}
		return (groupId != null && !groupId.isEmpty()) ? groupId : UNKNOWN;
	}

	private @Nullable String search(String clientId) {
		KafkaListenerEndpointRegistry endpointRegistry = this.registry.get();
		if (endpointRegistry == null) {
			return null;
		}
		for (MessageListenerContainer container : endpointRegistry.getAllListenerContainers()) {
			// Assignments are read under the container's own lock; the consumer itself is never touched.
			Map<String, ?> assignments = container.getAssignmentsByClientId();
			if (assignments != null && assignments.containsKey(clientId)) {
				return container.getListenerId();
			}
		}
		return null;
	}

}
