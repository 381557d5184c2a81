package dev.portcullis.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.ChannelOption;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An upstream on a loopback port whose behaviour a test switches while it runs: answer,
 * hang (for at most {@link #HANG}), or read the request and then reset the connection. It
 * counts the requests it has read, per method. It closes a kept-alive connection that
 * stays idle for {@code idleTimeout}, as many servers do.
 */
final class FlakyUpstream implements AutoCloseable {

	/** The longest a hanging answer waits, so nothing in a test waits unbounded. */
	static final Duration HANG = Duration.ofSeconds(10);

	enum Mode {

		/**
		 * 200 with body {@code ok <method>}, storable by a cache but stale at once, and
		 * allowed to stand in for errors ({@code max-age=0, stale-if-error=600}).
		 */
		ANSWER,

		/** Reads the request and answers only after {@link #HANG}. */
		HANG,

		/** Reads the request, then resets the connection without answering. */
		RESET

	}

	private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.ANSWER);

	private final AtomicInteger gets = new AtomicInteger();

	private final AtomicInteger posts = new AtomicInteger();

	private final AtomicInteger connections = new AtomicInteger();

	private final DisposableServer server;

	private FlakyUpstream(Duration idleTimeout) {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.idleTimeout(idleTimeout)
			.doOnConnection((connection) -> this.connections.incrementAndGet())
			.handle(this::handle)
			.bindNow(Duration.ofSeconds(10));
	}

	static FlakyUpstream start() {
		return new FlakyUpstream(Duration.ofSeconds(60));
	}

	/** An upstream that closes a kept-alive connection idle for {@code idleTimeout}. */
	static FlakyUpstream closingIdleConnectionsAfter(Duration idleTimeout) {
		return new FlakyUpstream(idleTimeout);
	}

	void mode(Mode mode) {
		this.mode.set(mode);
	}

	int gets() {
		return this.gets.get();
	}

	int posts() {
		return this.posts.get();
	}

	/** Connections accepted so far. */
	int connections() {
		return this.connections.get();
	}

	void resetCounts() {
		this.gets.set(0);
		this.posts.set(0);
	}

	String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) -> {
			String method = request.method().name();
			if (method.equals("POST")) {
				this.posts.incrementAndGet();
			}
			else {
				this.gets.incrementAndGet();
			}
			return switch (this.mode.get()) {
				case ANSWER -> Mono.from(response.header("Content-Type", "text/plain")
					.header("Cache-Control", "max-age=0, stale-if-error=600")
					.sendString(Mono.just("ok " + method)));
				case HANG -> Mono.delay(HANG).then(Mono.from(response.sendString(Mono.just("late"))));
				case RESET -> reset(response);
			};
		});
	}

	/** Closes with SO_LINGER 0, which sends a TCP RST instead of a FIN. */
	private static Mono<Void> reset(HttpServerResponse response) {
		response.withConnection((connection) -> {
			connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
			connection.channel().close();
		});
		return Mono.empty();
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

}
