package dev.portcullis.auth;

import java.util.Set;

import dev.portcullis.admin.ManagementServer;
import dev.portcullis.edge.EdgeFilter;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Removes every profile's subject header from every public-port request, on routes with
 * and without authentication, before routing: an upstream that trusts the header must
 * only ever see the value the gateway set after checking credentials.
 */
final class SubjectHeaderFilter implements EdgeFilter {

	private final Set<String> headers;

	private final ManagementServer managementServer;

	SubjectHeaderFilter(Set<String> headers, ManagementServer managementServer) {
		this.headers = Set.copyOf(headers);
		this.managementServer = managementServer;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.headers.isEmpty() || this.managementServer.receives(exchange)
				|| this.headers.stream().noneMatch(exchange.getRequest().getHeaders()::containsHeader)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate()
			.request((request) -> request.headers((headers) -> this.headers.forEach(headers::remove)))
			.build());
	}

	@Override
	public int getOrder() {
		// Right after the request checks, before anything reads the request's headers.
		return Ordered.HIGHEST_PRECEDENCE + 21;
	}

}
