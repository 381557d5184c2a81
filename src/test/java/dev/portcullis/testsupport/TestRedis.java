package dev.portcullis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import redis.embedded.RedisServer;

/**
 * A real Redis for tests: the server at {@code REDIS_URL} when that is set, else a
 * {@code redis-server} process from the embedded-redis jar on a free loopback port,
 * started once per test JVM and stopped when the JVM's tests end. Use it as
 * {@code @ExtendWith(TestRedis.class)} and take a {@link TestRedis} parameter, or call
 * {@link #shared()}. A started server can be stopped and started again to test what the
 * gateway does without Redis.
 */
public final class TestRedis implements BeforeAllCallback, ParameterResolver {

	private static TestRedis shared;

	private final String host;

	private final int port;

	private final RedisServer server;

	/** JUnit's constructor; the real state lives in {@link #shared()}. */
	public TestRedis() {
		this.host = "";
		this.port = 0;
		this.server = null;
	}

	private TestRedis(String host, int port, RedisServer server) {
		this.host = host;
		this.port = port;
		this.server = server;
	}

	/** The one Redis of this test JVM, started on first use. */
	public static synchronized TestRedis shared() {
		if (shared == null) {
			shared = create();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stopQuietly, "test-redis-stop"));
		}
		return shared;
	}

	private static TestRedis create() {
		String url = System.getenv("REDIS_URL");
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url);
			return new TestRedis(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 6379, null);
		}
		TestRedis redis = notStarted();
		try {
			redis.start();
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start redis-server from the embedded-redis jar", ex);
		}
	}

	/**
	 * An embedded Redis on a free loopback port, not started yet: the shared one is one
	 * of these, started; a test of a gateway that starts while Redis is down takes one of
	 * its own, and starts and stops it itself.
	 */
	public static TestRedis notStarted() {
		int port = FreePorts.next();
		try {
			RedisServer server = RedisServer.newRedisServer()
				.port(port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			return new TestRedis("127.0.0.1", port, server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare redis-server from the embedded-redis jar", ex);
		}
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	/** The {@code spring.data.redis.*} properties that point a gateway at this Redis. */
	public Map<String, String> springProperties() {
		return Map.of("spring.data.redis.host", this.host, "spring.data.redis.port", String.valueOf(this.port));
	}

	/**
	 * Stops the embedded server (not one at {@code REDIS_URL}, which this JVM does not
	 * own).
	 */
	public void stop() throws IOException {
		requireOwned();
		this.server.stop();
	}

	/** Starts the embedded server again on the same port after {@link #stop()}. */
	public void start() throws IOException {
		requireOwned();
		this.server.start();
		awaitReady(Duration.ofSeconds(10));
	}

	/**
	 * Publishes {@code message} on {@code channel} and returns how many subscribers
	 * received it (Redis's own count), or -1 when Redis does not answer.
	 */
	public long publish(String channel, String message) {
		try (Socket socket = new Socket(this.host, this.port)) {
			socket.setSoTimeout(2000);
			String command = "*3\r\n$7\r\nPUBLISH\r\n" + bulk(channel) + bulk(message);
			socket.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
			byte[] reply = new byte[32];
			int read = socket.getInputStream().read(reply);
			String answer = (read > 0) ? new String(reply, 0, read, StandardCharsets.US_ASCII).trim() : "";
			return answer.startsWith(":") ? Long.parseLong(answer.substring(1)) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static String bulk(String value) {
		return "$" + value.getBytes(StandardCharsets.UTF_8).length + "\r\n" + value + "\r\n";
	}

	public boolean isOwned() {
		return this.server != null;
	}

	private void requireOwned() {
		if (this.server == null) {
			throw new IllegalStateException("Redis at REDIS_URL is not owned by the tests and cannot be stopped");
		}
	}

	private void awaitReady(Duration limit) {
		Instant deadline = Instant.now().plus(limit);
		while (Instant.now().isBefore(deadline)) {
			try (Socket socket = new Socket(this.host, this.port)) {
				socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
				byte[] reply = new byte[7];
				int read = socket.getInputStream().read(reply);
				if (read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG")) {
					return;
				}
			}
			catch (IOException ex) {
				// not up yet
			}
			// bounded poll: the loop ends at the deadline
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
		}
		throw new IllegalStateException("Redis on " + this.host + ":" + this.port + " did not answer PING in " + limit);
	}

	private synchronized void stopQuietly() {
		if (this.server != null && this.server.isActive()) {
			try {
				this.server.stop();
			}
			catch (IOException ex) {
				// the JVM is exiting; nothing left to do
			}
		}
	}

	/**
	 * Stops the shared server and forgets it, so that a later test run in this JVM
	 * (surefire runs the tests that failed once more, in a new JUnit run) starts a new
	 * one instead of finding this one stopped.
	 */
	private static synchronized void release(TestRedis redis) {
		redis.stopQuietly();
		if (shared == redis) {
			shared = null;
		}
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		TestRedis redis = shared();
		context.getRoot()
			.getStore(ExtensionContext.Namespace.GLOBAL)
			.getOrComputeIfAbsent(TestRedis.class,
					(key) -> (ExtensionContext.Store.CloseableResource) () -> release(redis),
					ExtensionContext.Store.CloseableResource.class);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == TestRedis.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return shared();
	}

}
