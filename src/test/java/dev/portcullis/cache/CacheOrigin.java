package dev.portcullis.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpHeaders;

/**
 * A real HTTP origin for the cache tests whose answers each test scripts per path
 * ({@link #on}), and which records every request it receives. Unscripted paths answer 200
 * with {@code Cache-Control: max-age=60}.
 */
final class CacheOrigin implements AutoCloseable {

	private final Map<String, Function<HttpHeaders, Reply>> scripts = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

	private final DisposableServer server;

	CacheOrigin() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(this::handle)
			.bindNow(Duration.ofSeconds(10));
	}

	String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** Scripts the answer for a path (without query). */
	CacheOrigin on(String path, Function<HttpHeaders, Reply> script) {
		this.scripts.put(path, script);
		return this;
	}

	CacheOrigin on(String path, Reply reply) {
		return on(path, (headers) -> reply);
	}

	/** Requests received for a path (without query), oldest first. */
	List<Received> received(String path) {
		return this.received.stream().filter((r) -> r.path().equals(path)).toList();
	}

	int count(String path) {
		return received(path).size();
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String path = new QueryStringDecoder(request.uri()).path();
		HttpHeaders headers = new HttpHeaders();
		request.requestHeaders().forEach((e) -> headers.add(e.getKey(), e.getValue()));
		return request.receive().aggregate().asString().defaultIfEmpty("").flatMap((body) -> {
			this.received.add(new Received(request.method().name(), path, request.uri(), headers));
			Reply reply = this.scripts
				.getOrDefault(path, (h) -> Reply.ok("body of " + path, "Cache-Control", "max-age=60"))
				.apply(headers);
			response.status(reply.status());
			reply.headers().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
			Mono<Void> send;
			byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
			if (reply.chunked()) {
				response.header(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
				List<byte[]> chunks = new ArrayList<>();
				for (int i = 0; i < bytes.length; i += 1000) {
					byte[] chunk = new byte[Math.min(1000, bytes.length - i)];
					System.arraycopy(bytes, i, chunk, 0, chunk.length);
					chunks.add(chunk);
				}
				send = response.send(Flux.fromIterable(chunks).map(Unpooled::wrappedBuffer)).then();
			}
			else if (request.method().name().equals("HEAD")) {
				response.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(bytes.length));
				send = response.send().then();
			}
			else {
				send = response.sendByteArray(Mono.just(bytes)).then();
			}
			return reply.delay().isZero() ? send : Mono.delay(reply.delay()).then(send);
		});
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

	/** One scripted answer. */
	record Reply(int status, Map<String, List<String>> headers, String body, Duration delay, boolean chunked) {

		static Reply ok(String body, String... nameValues) {
			return of(200, body, nameValues);
		}

		static Reply of(int status, String body, String... nameValues) {
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 0; i + 1 < nameValues.length; i += 2) {
				headers.computeIfAbsent(nameValues[i], (n) -> new ArrayList<>()).add(nameValues[i + 1]);
			}
			return new Reply(status, headers, body, Duration.ZERO, false);
		}

		Reply delayed(Duration delay) {
			return new Reply(this.status, this.headers, this.body, delay, this.chunked);
		}

		Reply inChunks() {
			return new Reply(this.status, this.headers, this.body, this.delay, true);
		}

	}

	/** One request as the origin received it. */
	record Received(String method, String path, String uri, HttpHeaders headers) {

	}

}
