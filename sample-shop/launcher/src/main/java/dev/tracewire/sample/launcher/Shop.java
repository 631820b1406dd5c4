package dev.tracewire.sample.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * One running shop: Kafka and PostgreSQL in this JVM, Zipkin and the seven services as child JVMs, all stopped
 * by {@link #close()} or, failing that, when this JVM exits.
 */
final class Shop implements AutoCloseable {

	/**
	 * JVM flags for the eight child JVMs: on a 2-core machine starting them fast matters more than peak speed
	 * (C1 only, the serial collector, small heaps and stacks).
	 */
	static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
			"-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8");

	static final List<String> DATABASES = Stream.of(ShopService.values())
		.map(ShopService::database)
		.filter((database) -> database != null)
		.map(String::valueOf)
		.toList();

	/**
	 * How often the services send their spans to Zipkin (Boot's batch processor: 5 s unless told).
	 */
	static final String EXPORT_DELAY = "500ms";

	private static final Duration POLL = Duration.ofMillis(250);

	private static final String ZIPKIN = "zipkin";

	private final Config config;

	private final @Nullable ClassDataCache classData;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Map<ShopService, ManagedProcess> services = new EnumMap<>(ShopService.class);

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Thread shutdownHook = new Thread(this::stopEverything, "shop-shutdown");

	private @Nullable ManagedProcess zipkin;

	private @Nullable CompletableFuture<EmbeddedKafka> kafka;

	private @Nullable CompletableFuture<EmbeddedDatabase> database;

	/**
	 * What to start and where.
	 *
	 * @param home the {@code sample-shop} directory (the services' jars are in {@code <dir>/target/<dir>.jar})
	 * @param logs where the processes' logs go
	 * @param ports the ports
	 * @param faults faults switched on at start
	 * @param sampling the probability every service samples a trace that starts there with
	 * ({@code --tracewire.sampling.probability}), {@code null} for the services' own setting
	 * @param external whether the services use the {@code external} profile and no infrastructure is started
	 * @param startTimeout how long everything may take to become healthy
	 * @param classData where extracted jars and class-data archives of the services are kept, {@code null} to
	 * always start from the jars
	 */
	record Config(Path home, Path logs, ShopPorts ports, Set<Fault> faults, @Nullable Double sampling,
			boolean external, Duration startTimeout, @Nullable Path classData) {

		Path jar(ShopService service) {
			return this.home.resolve(service.directory()).resolve("target").resolve(service.directory() + ".jar");
		}

		Path zipkinJar() {
			return this.home.resolve("launcher/target/zipkin/zipkin-server.jar");
		}

	}

	private Shop(Config config) {
		this.config = config;
		this.classData = (config.classData() != null) ? new ClassDataCache(config.classData()) : null;
	}

	/**
	 * Starts the shop and waits until every part is healthy.
	 * @param config what to start
	 * @param listener told about progress
	 * @return the running shop
	 * @throws ShopStartException if a part does not come up (everything started so far is stopped again)
	 */
	static Shop start(Config config, StartupListener listener) {
		Shop shop = new Shop(config);
		try {
			shop.startEverything(listener);
			return shop;
		}
		catch (RuntimeException | Error ex) {
			shop.close();
			throw ex;
		}
	}

	/**
	 * Finds the {@code sample-shop} directory: {@code -Dshop.home}, else the one this code was loaded from (the
	 * launcher's {@code target/classes} or {@code target/launcher.jar}), else the working directory or its
	 * {@code sample-shop} child.
	 * @return the directory
	 * @throws IllegalStateException if none is found
	 */
	static Path locateHome() {
		List<Path> candidates = new ArrayList<>();
		String property = System.getProperty("shop.home");
		if (property != null) {
			candidates.add(Path.of(property));
		}
		try {
			URI location = Shop.class.getProtectionDomain().getCodeSource().getLocation().toURI();
			if ("file".equals(location.getScheme())) {
				candidates.add(Path.of(location));
			}
		}
		catch (URISyntaxException | SecurityException | NullPointerException ex) {
			// try the others
		}
		for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
			if (!entry.isEmpty()) {
				candidates.add(Path.of(entry));
			}
		}
		Path cwd = Path.of("").toAbsolutePath();
		candidates.add(cwd.resolve("sample-shop"));
		candidates.add(cwd);
		for (Path candidate : candidates) {
			for (Path dir = candidate.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
				if (Files.isRegularFile(dir.resolve("launcher/pom.xml")) && Files.isDirectory(dir.resolve("gateway"))) {
					return dir;
				}
			}
		}
		throw new IllegalStateException("Cannot find the sample-shop directory; run from the repository root "
				+ "or pass -Dshop.home=<repository>/sample-shop");
	}

	Config config() {
		return this.config;
	}

	/**
	 * Returns a service's base URL.
	 * @param service the service
	 * @return {@code http://127.0.0.1:<port>}
	 */
	URI url(ShopService service) {
		return URI.create("http://127.0.0.1:" + this.config.ports().of(service));
	}

	/**
	 * Returns Zipkin's base URL.
	 * @return {@code http://localhost:<port>}
	 */
	URI zipkinUrl() {
		return URI.create("http://localhost:" + this.config.ports().zipkin());
	}

	/**
	 * Returns a client of the gateway and the fault switches.
	 * @return the client
	 */
	ShopClient client() {
		Map<ShopService, URI> urls = new EnumMap<>(ShopService.class);
		for (ShopService service : ShopService.values()) {
			urls.put(service, url(service));
		}
		return new ShopClient(urls, this.http);
	}

	/**
	 * Returns a client of Zipkin's API.
	 * @return the client
	 */
	ZipkinClient zipkin() {
		return new ZipkinClient(zipkinUrl(), this.http);
	}

	/**
	 * Returns a process's log file.
	 * @param service the service
	 * @return the log file
	 */
	Path log(ShopService service) {
		return this.config.logs().resolve(service.directory() + ".log");
	}

	/**
	 * Returns the end of every service's log (and Zipkin's), for a failure report.
	 * @param lines lines per process
	 * @return the tails, one block per process
	 */
	String logTails(int lines) {
		StringBuilder out = new StringBuilder();
		List<ManagedProcess> processes = new ArrayList<>(this.services.values());
		Optional.ofNullable(this.zipkin).ifPresent(processes::add);
		for (ManagedProcess process : processes) {
			out.append("---- last ").append(lines).append(" lines of ").append(process.log()).append(" ----\n");
			process.tail(lines).forEach((line) -> out.append(line).append('\n'));
		}
		return out.toString();
	}

	/**
	 * Returns whether the shop is stopping or stopped.
	 * @return whether {@link #close()} began
	 */
	boolean isClosing() {
		return this.closed.get();
	}

	/**
	 * Returns whether every process is still running.
	 * @return the names of those that exited, empty when all run
	 */
	List<String> exitedProcesses() {
		return this.services.values()
			.stream()
			.filter(ManagedProcess::exited)
			.map((process) -> process.name() + " (exit code " + process.exitCode() + ", log " + process.log() + ")")
			.toList();
	}

	private void startEverything(StartupListener listener) {
		checkJars();
		prepareLogs(listener);
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		ShopPorts ports = this.config.ports();
		Map<String, Long> started = new LinkedHashMap<>();
		if (!this.config.external()) {
			started.put(ZIPKIN, System.nanoTime());
			listener.starting(ZIPKIN);
			this.zipkin = startProcess(ZIPKIN, zipkinCommand(), Map.of("STORAGE_TYPE", "mem"),
					URI.create("http://127.0.0.1:" + ports.zipkin() + "/health"));
			started.put("kafka", System.nanoTime());
			listener.starting("kafka");
			this.kafka = CompletableFuture.supplyAsync(EmbeddedKafka::start,
					(task) -> new Thread(task, "shop-kafka-start").start());
			started.put("postgresql", System.nanoTime());
			listener.starting("postgresql");
			this.database = CompletableFuture.supplyAsync(() -> EmbeddedDatabase.start(ports.postgres(), DATABASES),
					(task) -> new Thread(task, "shop-postgresql-start").start());
		}
		else {
			ExternalInfrastructure.prepare(DATABASES, listener);
		}
		Map<String, String> readyDetails = new LinkedHashMap<>();
		long deadline = System.nanoTime() + this.config.startTimeout().toNanos();
		while (readyDetails.size() < ShopService.values().length + (this.config.external() ? 0 : 3)) {
			if (this.closed.get()) {
				throw ShopStartException.stopped();
			}
			boolean kafkaReady = this.config.external() || infrastructureReady("kafka", this.kafka,
					this::kafkaBootstrapServers, readyDetails, started, listener);
			boolean postgresReady = this.config.external() || infrastructureReady("postgresql", this.database,
					() -> "127.0.0.1:" + ports.postgres() + " (databases " + String.join(", ", DATABASES) + ")",
					readyDetails, started, listener);
			for (ShopService service : ShopService.values()) {
				boolean prerequisites = (!service.usesKafka() || kafkaReady)
						&& (service.database() == null || postgresReady);
				if (!this.services.containsKey(service) && prerequisites) {
					started.put(service.directory(), System.nanoTime());
					listener.starting(service.directory());
					this.services.put(service, startProcess(service.directory(), serviceCommand(service),
							serviceEnvironment(), url(service).resolve("/actuator/health")));
				}
			}
			List<ManagedProcess> processes = new ArrayList<>(this.services.values());
			if (this.zipkin != null) {
				processes.add(this.zipkin);
			}
			for (ManagedProcess process : processes) {
				if (readyDetails.containsKey(process.name())) {
					continue;
				}
				if (process.exited()) {
					if (this.closed.get()) {
						throw ShopStartException.stopped();
					}
					throw new ShopStartException(process.name(),
							"exited with code " + process.exitCode() + " while starting; its log: " + process.log(),
							process.tail(40));
				}
				if (process.isHealthy(this.http)) {
					String detail = (ZIPKIN.equals(process.name()) ? zipkinUrl() + "/zipkin/"
							: "http://localhost:" + ports.of(ShopService.named(process.name())))
							+ String.format(" in %.1f s", (System.nanoTime() - started.get(process.name())) / 1e9);
					readyDetails.put(process.name(), detail);
					listener.ready(process.name(), detail);
				}
			}
			if (System.nanoTime() > deadline) {
				String waiting = processes.stream()
					.filter((process) -> !readyDetails.containsKey(process.name()))
					.map(ManagedProcess::name)
					.collect(Collectors.joining(", "));
				ManagedProcess first = processes.stream()
					.filter((process) -> !readyDetails.containsKey(process.name()))
					.findFirst()
					.orElse(null);
				throw new ShopStartException(waiting.isEmpty() ? "infrastructure" : waiting,
						"not healthy after " + this.config.startTimeout().toSeconds() + " s"
								+ ((first != null) ? "; log: " + first.log() : ""),
						(first != null) ? first.tail(40) : List.of());
			}
			listener.tick();
			sleep(POLL);
		}
	}

	private boolean infrastructureReady(String name, @Nullable CompletableFuture<?> future, Supplier<String> detail,
			Map<String, String> readyDetails, Map<String, Long> started, StartupListener listener) {
		if (readyDetails.containsKey(name)) {
			return true;
		}
		if (future == null || !future.isDone()) {
			return false;
		}
		try {
			future.join();
		}
		catch (CompletionException ex) {
			if (this.closed.get()) {
				throw ShopStartException.stopped();
			}
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new ShopStartException(name, "did not start: " + cause + "; its log: "
					+ this.config.logs().resolve("launcher.log"), List.of(), cause);
		}
		String text = detail.get() + String.format(" in %.1f s", (System.nanoTime() - started.get(name)) / 1e9);
		readyDetails.put(name, text);
		listener.ready(name, text);
		return true;
	}

	private void checkJars() {
		List<Path> missing = new ArrayList<>();
		for (ShopService service : ShopService.values()) {
			if (!Files.isRegularFile(this.config.jar(service))) {
				missing.add(this.config.jar(service));
			}
		}
		if (!this.config.external() && !Files.isRegularFile(this.config.zipkinJar())) {
			missing.add(this.config.zipkinJar());
		}
		if (!missing.isEmpty()) {
			throw new ShopStartException("build", "missing " + missing
					+ "; build them with ./demo, or ./mvnw -DskipTests -pl sample-shop/launcher -am package",
					List.of());
		}
	}

	/**
	 * Makes the log directory and stops JVMs a previous launcher left behind (one killed with SIGKILL has no
	 * chance to stop its children). The file {@code pids} names the launcher on its first line, then the process
	 * ids it started; they are stopped only when that launcher is gone.
	 */
	private void prepareLogs(StartupListener listener) {
		Path pids = this.config.logs().resolve("pids");
		try {
			Files.createDirectories(this.config.logs());
			List<Long> earlier = new ArrayList<>();
			if (Files.isRegularFile(pids)) {
				for (String line : Files.readAllLines(pids)) {
					if (!line.isBlank()) {
						earlier.add(Long.parseLong(line.replace("launcher", "").trim()));
					}
				}
			}
			Optional<ProcessHandle> launcher = earlier.isEmpty() ? Optional.empty()
					: ProcessHandle.of(earlier.get(0)).filter(ProcessHandle::isAlive);
			if (launcher.isPresent() && launcher.get().pid() != ProcessHandle.current().pid()) {
				listener.note("Another launcher (process " + launcher.get().pid() + ") runs a shop from "
						+ this.config.home() + "; its logs in " + this.config.logs() + " are replaced by this one's.");
			}
			else {
				for (Long pid : earlier.subList(Math.min(1, earlier.size()), earlier.size())) {
					ProcessHandle.of(pid)
						.filter((handle) -> handle.info()
							.commandLine()
							.map((command) -> command.contains(this.config.home().toString()))
							.orElse(false))
						.ifPresent((handle) -> {
							listener.note("Stopping process " + handle.pid() + " left over from an earlier run.");
							handle.destroyForcibly();
						});
				}
			}
			Files.writeString(pids, "launcher " + ProcessHandle.current().pid() + System.lineSeparator());
		}
		catch (IOException | NumberFormatException ex) {
			listener.note("Cannot check " + pids + " for processes of an earlier run: " + ex.getMessage());
		}
	}

	private ManagedProcess startProcess(String name, List<String> command, Map<String, String> environment,
			URI health) {
		try {
			ManagedProcess process = ManagedProcess.start(name, command, environment,
					this.config.logs().resolve(name + ".log"), health);
			Files.writeString(this.config.logs().resolve("pids"), process.pid() + System.lineSeparator(),
					StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
			return process;
		}
		catch (IOException ex) {
			throw new ShopStartException(name, "cannot start: " + ex.getMessage(), List.of(), ex);
		}
	}

	private List<String> zipkinCommand() {
		List<String> command = new ArrayList<>(javaCommand());
		// Armeria (Zipkin's server) closes HTTP/2 connections idle for 15 s with a GOAWAY; a service's exporter
		// that sends a batch just then (JDK 17's HTTP client does not retry it) loses the batch. Keep them open.
		command.add("-Dcom.linecorp.armeria.defaultServerIdleTimeoutMillis=0");
		if (this.classData != null) {
			command.addAll(this.classData.launch(ZIPKIN, this.config.zipkinJar()));
		}
		else {
			command.addAll(List.of("-jar", this.config.zipkinJar().toString()));
		}
		command.add("--QUERY_PORT=" + this.config.ports().zipkin());
		return command;
	}

	private List<String> serviceCommand(ShopService service) {
		List<String> command = new ArrayList<>(javaCommand());
		if (this.classData != null) {
			command.addAll(this.classData.launch(service.directory(), this.config.jar(service)));
		}
		else {
			command.addAll(List.of("-jar", this.config.jar(service).toString()));
		}
		command.addAll(serviceArguments(this.config, service, kafkaBootstrapServers()));
		return command;
	}

	/**
	 * Returns where the services find Kafka.
	 * @return {@code 127.0.0.1:<port>} of the broker, or an empty string with --external or before it runs
	 */
	String kafkaBootstrapServers() {
		CompletableFuture<EmbeddedKafka> kafka = this.kafka;
		return (kafka != null && kafka.isDone() && !kafka.isCompletedExceptionally())
				? kafka.join().bootstrapServers() : "";
	}

	/**
	 * Returns the application arguments of one service: the properties of CONTRACT.md's table.
	 * @param config the shop
	 * @param service the service
	 * @param kafka the broker's address
	 * @return the arguments
	 */
	static List<String> serviceArguments(Config config, ShopService service, String kafka) {
		ShopPorts ports = config.ports();
		List<String> arguments = new ArrayList<>();
		arguments.add("--server.port=" + ports.of(service));
		if (config.external()) {
			arguments.add("--spring.profiles.active=external");
		}
		else {
			arguments.add("--tracewire.export.zipkin.endpoint=http://127.0.0.1:" + ports.zipkin() + "/api/v2/spans");
			// Otherwise each waterfall would wait up to 5 s for its last spans.
			arguments.add("--management.opentelemetry.tracing.export.schedule-delay=" + EXPORT_DELAY);
			if (service.usesKafka()) {
				arguments.add("--spring.kafka.bootstrap-servers=" + kafka);
			}
			if (service.database() != null) {
				arguments.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/"
						+ service.database());
				arguments.add("--spring.datasource.username=postgres");
			}
			for (ShopService callee : service.calls()) {
				arguments.add("--shop." + callee.shortName() + ".url=http://127.0.0.1:" + ports.of(callee));
			}
		}
		Double sampling = config.sampling();
		if (sampling != null) {
			// Tracewire's own key, which wins over the management.tracing.sampling.probability of application.yml.
			arguments.add("--tracewire.sampling.probability=" + LauncherOptions.format(sampling));
		}
		String faults = config.faults()
			.stream()
			.filter((fault) -> fault.service() == service)
			.map(Fault::switchName)
			.collect(Collectors.joining(","));
		if (!faults.isEmpty()) {
			arguments.add("--shop.faults.active=" + faults);
		}
		return arguments;
	}

	/**
	 * Returns the processes (services and Zipkin) that started from their jars although a class-data cache is
	 * configured.
	 * @return their names, whose archive is missing or out of date
	 */
	List<String> processesWithoutClassData() {
		if (this.classData == null) {
			return List.of();
		}
		List<String> names = new ArrayList<>();
		if (!this.config.external() && !this.classData.isReady(ZIPKIN, this.config.zipkinJar())) {
			names.add(ZIPKIN);
		}
		for (ShopService service : ShopService.values()) {
			if (!this.classData.isReady(service.directory(), this.config.jar(service))) {
				names.add(service.directory());
			}
		}
		return names;
	}

	/**
	 * Records class-data archives with one training start each, two at a time; services' training starts use this
	 * shop's PostgreSQL and Kafka.
	 * @param names the processes, from {@link #processesWithoutClassData()}
	 * @return how many archives were made
	 * @throws InterruptedException if interrupted
	 */
	int prepareClassData(List<String> names) throws InterruptedException {
		ClassDataCache cache = this.classData;
		if (cache == null) {
			return 0;
		}
		// Two at a time: one per core, and the running shop stays responsive enough.
		ExecutorService pool = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "shop-class-data");
			thread.setDaemon(true);
			return thread;
		});
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (String name : names) {
				results.add(pool.submit(() -> !this.closed.get() && prepareClassData(cache, name)));
			}
			int made = 0;
			for (Future<Boolean> result : results) {
				try {
					made += result.get() ? 1 : 0;
				}
				catch (ExecutionException ex) {
					// that one is not cached; it starts from its jar next time too
				}
			}
			return made;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private boolean prepareClassData(ClassDataCache cache, String name) throws InterruptedException {
		Path log = this.config.logs().resolve(name + "-class-data.log");
		ShopService service = ShopService.named(name);
		if (service == null) {
			return cache.prepare(name, this.config.zipkinJar(), List.of("--QUERY_PORT=" + ShopPorts.free().zipkin()),
					log);
		}
		List<String> arguments = new ArrayList<>(serviceArguments(this.config, service, kafkaBootstrapServers()));
		arguments.replaceAll((argument) -> argument.startsWith("--server.port=")
				? "--server.port=" + ShopPorts.free().of(service) : argument);
		arguments.removeIf((argument) -> argument.startsWith("--shop.faults.active="));
		return cache.prepare(name, this.config.jar(service), arguments, log);
	}

	private Map<String, String> serviceEnvironment() {
		if (!this.config.external()) {
			return Map.of();
		}
		// The external profile reads the other services' addresses from the environment.
		Map<String, String> environment = new LinkedHashMap<>();
		for (ShopService callee : List.of(ShopService.ORDER, ShopService.INVENTORY, ShopService.PAYMENT)) {
			environment.put("SHOP_" + callee.shortName().toUpperCase(java.util.Locale.ROOT) + "_URL",
					url(callee).toString());
		}
		return environment;
	}

	private static List<String> javaCommand() {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_FLAGS);
		return command;
	}

	/**
	 * Switches a fault at run time through the service's {@code faults} endpoint.
	 * @param fault the fault
	 * @param enabled whether it should be on
	 */
	void setFault(Fault fault, boolean enabled) {
		client().setFault(fault, enabled);
	}

	@Override
	public void close() {
		stopEverything();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			// already shutting down, or the hook was never added
		}
	}

	private void stopEverything() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		if (this.classData != null) {
			this.classData.stop();
		}
		List<ManagedProcess> processes = new ArrayList<>(this.services.values());
		if (this.zipkin != null) {
			processes.add(this.zipkin);
		}
		// Services first and all at once (their Kafka consumers leave their groups while the broker still runs).
		processes.forEach(ManagedProcess::stopAsync);
		processes.parallelStream().forEach(ManagedProcess::close);
		stop(this.kafka);
		stop(this.database);
		try {
			Files.deleteIfExists(this.config.logs().resolve("pids"));
		}
		catch (IOException ex) {
			// the next run checks the ids again
		}
	}

	private static void stop(@Nullable CompletableFuture<? extends AutoCloseable> future) {
		if (future == null) {
			return;
		}
		try {
			future.join().close();
		}
		catch (Exception ex) {
			// it did not start, or is going away with this JVM anyway
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting the shop", ex);
		}
	}

}
