package dev.portcullis.security;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Holds a routed request's body to the route's {@code max-body-size} metadata, or else to
 * {@code portcullis.hardening.max-body-size}: a declared {@code Content-Length} above it
 * is answered 413 before anything is read or forwarded, and a body that grows past it
 * while streaming (chunked) ends the exchange with 413 as soon as the limit is crossed,
 * without buffering the body.
 */
final class BodyLimitFilter implements GlobalFilter, Ordered {

	/** Route metadata key of the route's own limit ({@code 1MB}, {@code 512KB}...). */
	static final String METADATA_KEY = "max-body-size";

	private final HardeningProperties properties;

	BodyLimitFilter(HardeningProperties properties) {
		this.properties = properties;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		long limit = this.properties.maxBodyBytes((route != null) ? route.getMetadata().get(METADATA_KEY) : null);
		ServerHttpRequest request = exchange.getRequest();
		if (request.getHeaders().getContentLength() > limit) {
			return Mono.error(tooLarge());
		}
		if (hasNoBody(request)) {
			return chain.filter(exchange);
		}
		ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				return limit(super.getBody(), limit);
			}
		};
		return chain.filter(exchange.mutate().request(limited).build());
	}

	/**
	 * An HTTP/1 request without {@code Content-Length} and {@code Transfer-Encoding}, or
	 * with {@code Content-Length: 0}, has no body (RFC 9112 §6.3), so there is nothing to
	 * count. An HTTP/2 request may have a body without either header.
	 */
	static boolean hasNoBody(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		long length = headers.getContentLength();
		if (length == 0) {
			return true;
		}
		if (length > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			return false;
		}
		Object wire = ServerHttpRequestDecorator.getNativeRequest(request);
		return wire instanceof HttpServerRequest http && http.version().majorVersion() == 1;
	}

	private static Flux<DataBuffer> limit(Flux<DataBuffer> body, long limit) {
		return Flux.defer(() -> {
			AtomicLong seen = new AtomicLong();
			return body.map((buffer) -> {
				if (seen.addAndGet(buffer.readableByteCount()) > limit) {
					DataBufferUtils.release(buffer);
					throw tooLarge();
				}
				return buffer;
			});
		});
	}

	private static ResponseStatusException tooLarge() {
		return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
