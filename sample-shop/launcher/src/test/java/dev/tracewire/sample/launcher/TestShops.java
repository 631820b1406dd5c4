package dev.tracewire.sample.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starting and watching a shop in the end-to-end tests.
 */
final class TestShops {

	private TestShops() {
	}

	/**
	 * Starts the shop on free ports, printing its start-up, and the end of the log that failed if it does not start.
	 * @param logs where the services' logs go
	 * @param sampling the probability every service samples with, or {@code null} for their own setting
	 * @return the started shop
	 */
	static Shop start(Path logs, @Nullable Double sampling) {
		try {
			return Shop.start(new Shop.Config(Shop.locateHome(), logs, ShopPorts.free(), Set.of(), sampling, false,
					Duration.ofMinutes(4), null), StartupListener.printing(System.out));
		}
		catch (ShopStartException ex) {
			System.out.println("The shop did not start: " + ex.getMessage());
			ex.logTail().forEach(System.out::println);
			throw ex;
		}
	}

	/**
	 * Prints the end of every service's log when a test fails.
	 * @param shop the shop of the test class, once started
	 * @return the watcher to register
	 */
	static TestWatcher logTailsOnFailure(Supplier<@Nullable Shop> shop) {
		return new TestWatcher() {

			@Override
			public void testFailed(ExtensionContext context, Throwable cause) {
				Shop started = shop.get();
				if (started != null) {
					System.out.println("==== " + context.getDisplayName() + " failed; the services' logs end with:");
					System.out.println(started.logTails(60));
				}
			}

		};
	}

}
