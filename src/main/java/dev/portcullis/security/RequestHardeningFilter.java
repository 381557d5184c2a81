package dev.portcullis.security;

import dev.portcullis.admin.ManagementServer;
import dev.portcullis.edge.EdgeFilter;
import dev.portcullis.errors.ExplainedStatusException;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2StreamChannel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses, before routing, a public-port request whose target or framing
 * {@link RequestChecks} rejects (400) or that has too many header fields (431). It runs
 * before route predicates are evaluated, so a refused request never reaches a route, a
 * filter or an upstream.
 */
final class RequestHardeningFilter implements EdgeFilter {

	private final HardeningProperties properties;

	private final ManagementServer managementServer;

	RequestHardeningFilter(HardeningProperties properties, ManagementServer managementServer) {
		this.properties = properties;
		this.managementServer = managementServer;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.managementServer.receives(exchange)) {
			return chain.filter(exchange);
		}
		ServerHttpRequest request = exchange.getRequest();
		HttpServerRequest wire = wireRequest(request);
		int fields = (wire != null) ? wire.requestHeaders().size() : request.getHeaders().size();
		if (fields > this.properties.maxHeaderCount()) {
			return Mono.error(new ExplainedStatusException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
					"The request has more than " + this.properties.maxHeaderCount() + " header fields."));
		}
		if (HttpMethod.TRACE.equals(request.getMethod())) {
			return Mono.error(new ExplainedStatusException(HttpStatus.METHOD_NOT_ALLOWED,
					"TRACE is not forwarded: the upstream would echo the request, credentials included."));
		}
		String problem = problem(request, wire);
		if (problem != null) {
			return Mono.error(new ExplainedStatusException(HttpStatus.BAD_REQUEST, problem));
		}
		return chain.filter(exchange);
	}

	private static @Nullable String problem(ServerHttpRequest request, @Nullable HttpServerRequest wire) {
		HttpHeaders headers = request.getHeaders();
		// The target as the client sent it: the URI Spring derives from it is already
		// parsed and may hide what a different parser upstream would see.
		String target = (wire != null) ? wire.uri() : request.getURI().getRawPath();
		if (wire != null && !isHttp1(wire.version()) && !isHttp2Stream(wire)) {
			return "Only HTTP/1.0 and HTTP/1.1 are accepted.";
		}
		if (wire != null && !hasOneHost(wire)) {
			return "An HTTP/1.1 request needs exactly one Host header, and none may have several.";
		}
		String problem = RequestChecks.targetProblem(target, headers.getFirst(HttpHeaders.HOST));
		if (problem != null) {
			return problem;
		}
		// Judged from the headers as received: the copy Spring holds may have been
		// changed by earlier filters.
		if (wire != null) {
			return RequestChecks.framingProblem(wire.requestHeaders().getAll(HttpHeaders.CONTENT_LENGTH),
					wire.requestHeaders().getAll(HttpHeaders.TRANSFER_ENCODING));
		}
		return RequestChecks.framingProblem(headers.getOrEmpty(HttpHeaders.CONTENT_LENGTH),
				headers.getOrEmpty(HttpHeaders.TRANSFER_ENCODING));
	}

	/**
	 * Netty accepts any {@code HTTP/x.y}; an unknown version gets no guess at its
	 * framing.
	 */
	private static boolean isHttp1(HttpVersion version) {
		return version.protocolName().equals("HTTP") && version.majorVersion() == 1
				&& (version.minorVersion() == 0 || version.minorVersion() == 1);
	}

	/**
	 * A request that really arrived as an HTTP/2 stream (negotiated through ALPN on the
	 * TLS port, see dev.portcullis.tls), not an HTTP/1 request line claiming
	 * {@code HTTP/2.0}. HTTP/2 frames its messages itself, and Netty's HTTP/2 codec
	 * refuses connection-specific headers such as {@code Transfer-Encoding}.
	 */
	private static boolean isHttp2Stream(HttpServerRequest wire) {
		return wire.version().majorVersion() == 2 && wire instanceof Connection connection
				&& connection.channel() instanceof Http2StreamChannel;
	}

	/**
	 * RFC 9112 §3.2: a server must refuse an HTTP/1.1 request without {@code Host}, and
	 * any request with several, since routes and upstreams might each read another one.
	 */
	private static boolean hasOneHost(HttpServerRequest wire) {
		int hosts = wire.requestHeaders().getAll(HttpHeaders.HOST).size();
		return (hosts == 1) || (hosts == 0 && wire.version().minorVersion() == 0);
	}

	private static @Nullable HttpServerRequest wireRequest(ServerHttpRequest request) {
		Object wire = ServerHttpRequestDecorator.getNativeRequest(request);
		return (wire instanceof HttpServerRequest serverRequest) ? serverRequest : null;
	}

	@Override
	public int getOrder() {
		// After the access log and request ids, so refusals are logged and carry an id.
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

}
