package dev.tracewire.bench.macro.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A line protocol on a loopback socket ({@code stats} or {@code info}, answered with {@code key=value} lines and a
 * closed connection): the runner's way to read {@link BenchController}'s figures without an HTTP request that any
 * variant would trace. One daemon thread, idle while the load runs.
 */
@Component
class BenchStatsServer implements SmartLifecycle {

	private final BenchController controller;

	private final int port;

	private volatile ServerSocket socket;

	BenchStatsServer(BenchController controller, @Value("${bench.stats-port:18491}") int port) {
		this.controller = controller;
		this.port = port;
	}

	@Override
	public void start() {
		try {
			ServerSocket socket = new ServerSocket(this.port, 8, InetAddress.getLoopbackAddress());
			socket.setReuseAddress(true);
			this.socket = socket;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot listen on bench stats port " + this.port, ex);
		}
		Thread thread = new Thread(this::serve, "bench-stats");
		thread.setDaemon(true);
		thread.start();
	}

	private void serve() {
		ServerSocket server = this.socket;
		while (server != null && !server.isClosed()) {
			try (Socket client = server.accept()) {
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
				String command = reader.readLine();
				String answer = "info".equals(command) ? this.controller.info() : this.controller.stats();
				OutputStream out = client.getOutputStream();
				out.write(answer.getBytes(StandardCharsets.UTF_8));
				out.flush();
			}
			catch (IOException ex) {
				// Closed while stopping, or a client that went away: nothing to do.
			}
		}
	}

	@Override
	public void stop() {
		ServerSocket server = this.socket;
		this.socket = null;
		if (server != null) {
			try {
				server.close();
			}
			catch (IOException ex) {
				// Stopping anyway.
			}
		}
	}

	@Override
	public int getPhase() {
		// Before the web server: once the application answers HTTP, its figures can be read.
		return 0;
	}

	@Override
	public boolean isRunning() {
		return this.socket != null;
	}

}
