package dev.portcullis.edge;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * A filter that every request passes before routing, in order. It has a
 * {@link org.springframework.web.server.WebFilter}'s contract, but is run by
 * {@link EdgeFilters} instead of being one: Spring WebFlux marks each of its filters on
 * every request with a checkpoint, a description string and a deferred subscription,
 * which added up to a measurable share of a proxied request's CPU for the gateway's dozen
 * filters.
 */
public interface EdgeFilter extends Ordered {

	/**
	 * Handles the exchange, or passes it on through {@code chain}.
	 * @param exchange the current exchange
	 * @param chain the rest of the edge filters, then the rest of WebFlux's filters and
	 * the gateway
	 * @return completion of the request's handling
	 */
	Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain);

}
