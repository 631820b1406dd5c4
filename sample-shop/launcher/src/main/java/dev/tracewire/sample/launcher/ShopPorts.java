package dev.tracewire.sample.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ports of one shop: Zipkin, PostgreSQL and each service. (Kafka's broker picks its own: spring-kafka-test's
 * KRaft broker cannot be given a port.)
 *
 * @param zipkin Zipkin's HTTP port (UI and API)
 * @param postgres PostgreSQL's port
 * @param services each service's HTTP port
 */
record ShopPorts(int zipkin, int postgres, Map<ShopService, Integer> services) {

	static final int DEMO_ZIPKIN = 9411;

	static final int DEMO_POSTGRES = 5432;

	/**
	 * Returns a service's port.
	 * @param service the service
	 * @return its HTTP port
	 */
	int of(ShopService service) {
		return this.services.get(service);
	}

	/**
	 * Picks free ports for everything (tests, and several shops on one machine).
	 * @return the ports
	 */
	static ShopPorts free() {
		Set<Integer> taken = new HashSet<>();
		Map<ShopService, Integer> services = new EnumMap<>(ShopService.class);
		for (ShopService service : ShopService.values()) {
			services.put(service, freePort(taken));
		}
		return new ShopPorts(freePort(taken), freePort(taken), services);
	}

	/**
	 * Picks the demo ports of CONTRACT.md, or a free port for each one that is taken.
	 * @param infrastructure whether Zipkin and PostgreSQL need ports too (not with --external)
	 * @param notes told about each port that had to change
	 * @return the ports
	 */
	static ShopPorts demo(boolean infrastructure, Consumer<String> notes) {
		Set<Integer> taken = new HashSet<>();
		Map<ShopService, Integer> services = new EnumMap<>(ShopService.class);
		for (ShopService service : ShopService.values()) {
			services.put(service, demoOrFree(service.directory(), service.demoPort(), taken, notes));
		}
		if (!infrastructure) {
			return new ShopPorts(0, 0, services);
		}
		return new ShopPorts(demoOrFree("Zipkin", DEMO_ZIPKIN, taken, notes),
				demoOrFree("PostgreSQL", DEMO_POSTGRES, taken, notes), services);
	}

	private static int demoOrFree(String what, int port, Set<Integer> taken, Consumer<String> notes) {
		if (isFree(port)) {
			taken.add(port);
			return port;
		}
		int free = freePort(taken);
		notes.accept("Port " + port + " is taken, so " + what + " uses port " + free + ".");
		return free;
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort(Set<Integer> taken) {
		for (int attempt = 0; attempt < 100; attempt++) {
			try (ServerSocket socket = new ServerSocket(0)) {
				int port = socket.getLocalPort();
				if (taken.add(port)) {
					return port;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot find a free port", ex);
			}
		}
		throw new IllegalStateException("Cannot find a free port");
	}

}
