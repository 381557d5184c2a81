package dev.portcullis.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;

/**
 * A copy of a client's exchange for a background revalidation: the same route and request
 * headers, no request body, a response nobody reads, and attributes of its own, so the
 * gateway's routing state of the two never mixes.
 */
final class BackgroundExchange extends ServerWebExchangeDecorator {

	private final Map<String, Object> attributes;

	private final ServerHttpRequest request;

	private final ServerHttpResponse response;

	private BackgroundExchange(ServerWebExchange delegate, ServerHttpResponse response) {
		super(delegate);
		this.attributes = new ConcurrentHashMap<>(delegate.getAttributes());
		this.request = new ServerHttpRequestDecorator(delegate.getRequest()) {

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.empty();
			}

		};
		this.response = response;
	}

	static ServerWebExchange of(ServerWebExchange exchange, ServerHttpResponse response) {
		return new BackgroundExchange(exchange, response);
	}

	@Override
	public ServerHttpRequest getRequest() {
		return this.request;
	}

	@Override
	public ServerHttpResponse getResponse() {
		return this.response;
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getAttribute(String name) {
		return (T) this.attributes.get(name);
	}

}
