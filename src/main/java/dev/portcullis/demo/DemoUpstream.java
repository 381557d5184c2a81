package dev.portcullis.demo;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import dev.portcullis.json.JsonStrings;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One small demo upstream on a loopback port. Each endpoint shows a gateway feature:
 * which instance answered ({@code /whoami}), a cacheable response with validators
 * ({@code /cacheable}), a slow one ({@code /slow?delayMs=}), a chosen status
 * ({@code /status/{code}}) and the request headers as the upstream saw them
 * ({@code /headers}).
 */
class DemoUpstream implements AutoCloseable {

	private static final String ETAG = "\"demo-v1\"";

	private static final Duration MAX_DELAY = Duration.ofSeconds(60);

	private final String name;

	private final String lastModified;

	private final DisposableServer server;

	DemoUpstream(String name) {
		this.name = name;
		this.lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC));
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/", this::index)
				.get("/whoami", this::whoami)
				.get("/cacheable", this::cacheable)
				.get("/slow", this::slow)
				.get("/status/{code}", this::status)
				.get("/headers", this::headers))
			.bindNow(Duration.ofSeconds(10));
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.port());
	}

	String name() {
		return this.name;
	}

	private Publisher<Void> index(HttpServerRequest request, HttpServerResponse response) {
		String text = "Portcullis demo upstream " + this.name + "\n"
				+ "GET /whoami  /cacheable  /slow?delayMs=500  /status/{code}  /headers\n";
		return response.header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8").sendString(Mono.just(text));
	}

	private Publisher<Void> whoami(HttpServerRequest request, HttpServerResponse response) {
		return json(response, "{\"instance\":" + JsonStrings.quote(this.name) + "}");
	}

	private Publisher<Void> cacheable(HttpServerRequest request, HttpServerResponse response) {
		response.header(HttpHeaderNames.CACHE_CONTROL, "public, max-age=30")
			.header(HttpHeaderNames.ETAG, ETAG)
			.header(HttpHeaderNames.LAST_MODIFIED, this.lastModified);
		String ifNoneMatch = request.requestHeaders().get(HttpHeaderNames.IF_NONE_MATCH);
		if (ifNoneMatch != null && (ifNoneMatch.contains(ETAG) || ifNoneMatch.trim().equals("*"))) {
			return response.status(HttpResponseStatus.NOT_MODIFIED).send();
		}
		return json(response, "{\"instance\":" + JsonStrings.quote(this.name) + ",\"generatedAt\":"
				+ JsonStrings.quote(Instant.now().toString()) + "}");
	}

	private Publisher<Void> slow(HttpServerRequest request, HttpServerResponse response) {
		List<String> values = new QueryStringDecoder(request.uri()).parameters().getOrDefault("delayMs", List.of());
		long delayMs;
		try {
			delayMs = values.isEmpty() ? 1000 : Long.parseLong(values.get(0));
		}
		catch (NumberFormatException ex) {
			delayMs = -1;
		}
		if (delayMs < 0 || delayMs > MAX_DELAY.toMillis()) {
			return json(response.status(HttpResponseStatus.BAD_REQUEST),
					"{\"error\":\"delayMs must be a whole number from 0 to " + MAX_DELAY.toMillis() + "\"}");
		}
		String body = "{\"instance\":" + JsonStrings.quote(this.name) + ",\"delayMs\":" + delayMs + "}";
		return Mono.delay(Duration.ofMillis(delayMs)).then(Mono.from(json(response, body)));
	}

	private Publisher<Void> status(HttpServerRequest request, HttpServerResponse response) {
		int code;
		try {
			code = Integer.parseInt(String.valueOf(request.param("code")));
		}
		catch (NumberFormatException ex) {
			code = -1;
		}
		if (code < 200 || code > 599) {
			return json(response.status(HttpResponseStatus.BAD_REQUEST),
					"{\"error\":\"status must be a number from 200 to 599\"}");
		}
		response.status(code);
		if (code == 204 || code == 304) {
			return response.send();
		}
		return json(response, "{\"instance\":" + JsonStrings.quote(this.name) + ",\"status\":" + code + "}");
	}

	private Publisher<Void> headers(HttpServerRequest request, HttpServerResponse response) {
		StringBuilder json = new StringBuilder("{\"instance\":").append(JsonStrings.quote(this.name))
			.append(",\"headers\":{");
		boolean first = true;
		for (Map.Entry<String, String> header : request.requestHeaders()) {
			if (!first) {
				json.append(',');
			}
			first = false;
			JsonStrings.append(json, header.getKey()).append(':');
			JsonStrings.append(json, header.getValue());
		}
		return json(response, json.append("}}").toString());
	}

	private static Publisher<Void> json(HttpServerResponse response, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(bytes.length))
			.sendByteArray(Mono.just(bytes));
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

}
