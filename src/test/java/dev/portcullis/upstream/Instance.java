package dev.portcullis.upstream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.portcullis.testsupport.FreePorts;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An upstream instance on a fixed loopback port that a test can kill and bring back on
 * the same port, and that can answer every request late. It answers {@code /health} with
 * 200 (or 503 when told to fail its checks) and anything else with 200, its name as the
 * body and {@code X-Upstream: <name>}; it counts the requests other than health checks.
 */
final class Instance implements AutoCloseable {

	private final String name;

	private final int port = FreePorts.next();

	private final Duration delay;

	private final AtomicInteger served = new AtomicInteger();

	private final AtomicBoolean passesHealthChecks = new AtomicBoolean(true);

	private @Nullable DisposableServer server;

	private Instance(String name, Duration delay) {
		this.name = name;
		this.delay = delay;
	}

	static Instance start(String name) {
		return start(name, Duration.ZERO);
	}

	/** An instance that waits {@code delay} before each answer other than health. */
	static Instance start(String name, Duration delay) {
		Instance instance = new Instance(name, delay);
		instance.revive();
		return instance;
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	String id() {
		return "127.0.0.1:" + this.port;
	}

	int served() {
		return this.served.get();
	}

	/** Makes {@code /health} answer 200 (the default) or 503; other paths still work. */
	void passHealthChecks(boolean pass) {
		this.passesHealthChecks.set(pass);
	}

	synchronized void kill() {
		if (this.server != null) {
			this.server.disposeNow(Duration.ofSeconds(5));
			this.server = null;
		}
	}

	synchronized void revive() {
		this.server = HttpServer.create().host("127.0.0.1").port(this.port).handle((request, response) -> {
			if (request.uri().startsWith("/health")) {
				return response.status(this.passesHealthChecks.get() ? 200 : 503).sendString(Mono.just("health"));
			}
			this.served.incrementAndGet();
			Mono<Void> answer = Mono.from(response.status(200)
				.header("X-Upstream", this.name)
				.header("Content-Type", "text/plain")
				.sendString(Mono.just(this.name)));
			return this.delay.isZero() ? answer : Mono.delay(this.delay).then(answer);
		}).bindNow(Duration.ofSeconds(10));
	}

	@Override
	public void close() {
		kill();
	}

}
