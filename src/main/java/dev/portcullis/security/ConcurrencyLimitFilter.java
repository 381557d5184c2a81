package dev.portcullis.security;

import dev.portcullis.admin.ManagementServer;
import dev.portcullis.edge.EdgeFilter;
import dev.portcullis.errors.ExplainedStatusException;
import dev.portcullis.forwarding.TrustedProxies;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers a public-port request at once, before routing, when the gateway (503) or its
 * client (429) already has as many requests in flight as
 * {@code portcullis.hardening.max-concurrent-requests[-per-client]} allow. A request
 * counts until its response ends; a WebSocket counts for as long as it is open.
 */
final class ConcurrencyLimitFilter implements EdgeFilter {

	private final ConcurrencyLimits limits;

	private final TrustedProxies trustedProxies;

	private final ManagementServer managementServer;

	ConcurrencyLimitFilter(ConcurrencyLimits limits, TrustedProxies trustedProxies, ManagementServer managementServer) {
		this.limits = limits;
		this.trustedProxies = trustedProxies;
		this.managementServer = managementServer;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.managementServer.receives(exchange)) {
			return chain.filter(exchange);
		}
		String client = client(exchange);
		return switch (this.limits.acquire(client)) {
			case ADMITTED -> chain.filter(exchange).doFinally((signal) -> this.limits.release(client));
			case GATEWAY_FULL -> Mono.error(new ExplainedStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"The gateway is handling as many requests as it accepts; retry shortly."));
			case CLIENT_FULL -> Mono.error(new TooManyConcurrentRequests());
		};
	}

	private String client(ServerWebExchange exchange) {
		String address = this.trustedProxies.clientAddress(exchange.getRequest());
		return (address != null) ? address : "unknown";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 25;
	}

	/**
	 * A 429 that the problem handler renders with {@code Retry-After}, as it does for
	 * rate limits.
	 */
	private static final class TooManyConcurrentRequests extends ResponseStatusException {

		TooManyConcurrentRequests() {
			super(HttpStatus.TOO_MANY_REQUESTS, "too many concurrent requests");
		}

		@Override
		public HttpHeaders getHeaders() {
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, "1");
			return headers;
		}

	}

}
