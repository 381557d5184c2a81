package dev.portcullis.tls;

import dev.portcullis.edge.EdgeFilter;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Adds {@code Strict-Transport-Security} to every response sent over TLS, error answers
 * included, and to none sent in plain text (RFC 6797 §7.2: a browser ignores it there).
 * The gateway terminates TLS, so its value replaces any an upstream sent.
 */
class StrictTransportSecurityFilter implements EdgeFilter {

	static final String HEADER = "Strict-Transport-Security";

	private final @Nullable String value;

	StrictTransportSecurityFilter(TlsProperties.Hsts hsts) {
		this.value = hsts.enabled() ? hsts.value() : null;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String value = this.value;
		if (value != null && exchange.getRequest().getSslInfo() != null) {
			ServerHttpResponse response = exchange.getResponse();
			response.beforeCommit(() -> {
				response.getHeaders().set(HEADER, value);
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
