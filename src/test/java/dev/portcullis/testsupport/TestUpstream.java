package dev.portcullis.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.netty.channel.Channel;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpHeaders;

/**
 * A real HTTP upstream on a free loopback port, run by Reactor Netty in the test JVM,
 * that records every request it receives. It answers:
 * <ul>
 * <li>a WebSocket upgrade on any path by echoing each message back;</li>
 * <li>{@code ?delayMs=N} by waiting N ms before answering;</li>
 * <li>{@code /status/{code}} with that status;</li>
 * <li>{@code ?respondHeader=Name:Value} (repeatable) by adding that header to its
 * response;</li>
 * <li>anything else with 200, body {@code <name> <method> <path>}, and header
 * {@code X-Upstream: <name>}.</li>
 * </ul>
 */
public final class TestUpstream implements AutoCloseable {

	private static final int MAX_RECORDED = 10_000;

	private final String name;

	private final ConcurrentLinkedDeque<Received> received = new ConcurrentLinkedDeque<>();

	private final DisposableServer server;

	/** Open connections, so that {@link #close()} kills kept-alive ones too. */
	private final Set<Channel> connections = ConcurrentHashMap.newKeySet();

	private TestUpstream(String name) {
		this.name = name;
		this.server = HttpServer.create().host("127.0.0.1").port(0).doOnConnection((connection) -> {
			Channel channel = connection.channel();
			this.connections.add(channel);
			channel.closeFuture().addListener((closed) -> this.connections.remove(channel));
		}).handle(this::handle).bindNow(Duration.ofSeconds(10));
	}

	/** Starts an upstream that names itself {@code name} in its answers. */
	public static TestUpstream start(String name) {
		return new TestUpstream(name);
	}

	public String name() {
		return this.name;
	}

	public int port() {
		return this.server.port();
	}

	/** {@code http://127.0.0.1:<port>}. */
	public String url() {
		return "http://127.0.0.1:" + port();
	}

	/** The requests received so far, oldest first. */
	public List<Received> received() {
		return new ArrayList<>(this.received);
	}

	/** The newest request received; fails when there is none. */
	public Received lastReceived() {
		Received last = this.received.peekLast();
		if (last == null) {
			throw new AssertionError("upstream " + this.name + " has received no request");
		}
		return last;
	}

	public void clear() {
		this.received.clear();
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		if (request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
			record(request, "");
			return response.sendWebsocket((in, out) -> out.sendString(in.receive().asString().map((m) -> "echo:" + m)));
		}
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) -> {
			record(request, body);
			return answer(request, response);
		});
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		QueryStringDecoder query = new QueryStringDecoder(request.uri());
		long delayMs = Long.parseLong(query.parameters().getOrDefault("delayMs", List.of("0")).get(0));
		String path = query.path();
		int status = 200;
		if (path.startsWith("/status/")) {
			status = Integer.parseInt(path.substring("/status/".length()));
		}
		String body = this.name + " " + request.method().name() + " " + path;
		HttpServerResponse answer = response.status(status)
			.header("X-Upstream", this.name)
			.header(HttpHeaderNames.CONTENT_TYPE, "text/plain");
		for (String header : query.parameters().getOrDefault("respondHeader", List.of())) {
			int colon = header.indexOf(':');
			answer.addHeader(header.substring(0, colon), header.substring(colon + 1));
		}
		Mono<Void> send = Mono.from(answer.sendString(Mono.just(body)));
		return (delayMs > 0) ? Mono.delay(Duration.ofMillis(delayMs)).then(send) : send;
	}

	private void record(HttpServerRequest request, String body) {
		HttpHeaders headers = new HttpHeaders();
		for (Map.Entry<String, String> header : request.requestHeaders()) {
			headers.add(header.getKey(), header.getValue());
		}
		this.received.addLast(new Received(request.method().name(), request.uri(), headers, body));
		while (this.received.size() > MAX_RECORDED) {
			this.received.pollFirst();
		}
	}

	/**
	 * Stops the upstream as a killed process would: it stops listening, and connections
	 * kept alive by a client are closed too (Reactor Netty leaves those open).
	 */
	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
		this.connections.forEach(Channel::close);
	}

	/**
	 * One request as the upstream received it.
	 *
	 * @param method the request method
	 * @param uri the request target (path and query)
	 * @param headers the request headers
	 * @param body the request body as text
	 */
	public record Received(String method, String uri, HttpHeaders headers, String body) {

	}

}
