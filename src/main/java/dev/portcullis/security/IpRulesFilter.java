package dev.portcullis.security;

import java.net.InetAddress;

import dev.portcullis.admin.ManagementServer;
import dev.portcullis.edge.EdgeFilter;
import dev.portcullis.errors.ExplainedStatusException;
import dev.portcullis.forwarding.TrustedProxies;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses (403) a public-port request whose real client address the global
 * {@code portcullis.ip-rules} do not permit, before routing, authentication or any
 * upstream.
 */
final class IpRulesFilter implements EdgeFilter {

	private final IpRules rules;

	private final TrustedProxies trustedProxies;

	private final ManagementServer managementServer;

	IpRulesFilter(IpRules rules, TrustedProxies trustedProxies, ManagementServer managementServer) {
		this.rules = rules;
		this.trustedProxies = trustedProxies;
		this.managementServer = managementServer;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.rules.isEmpty() || this.managementServer.receives(exchange)
				|| this.rules.permits(client(this.trustedProxies, exchange.getRequest()))) {
			return chain.filter(exchange);
		}
		return Mono.error(refusal());
	}

	/** The real client: the peer, or the hop that trusted proxies vouch for. */
	static @Nullable InetAddress client(TrustedProxies trustedProxies, ServerHttpRequest request) {
		return trustedProxies.clientAddress(request.getRemoteAddress(),
				request.getHeaders().getOrEmpty(TrustedProxies.X_FORWARDED_FOR));
	}

	static ExplainedStatusException refusal() {
		return new ExplainedStatusException(HttpStatus.FORBIDDEN, "Requests from this address are not allowed here.");
	}

	@Override
	public int getOrder() {
		// After the request checks, before the concurrency limits and routing.
		return Ordered.HIGHEST_PRECEDENCE + 22;
	}

}
