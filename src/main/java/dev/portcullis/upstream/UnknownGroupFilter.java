package dev.portcullis.upstream;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers a route whose {@code lb://<group>} names no known group before LoadBalancer
 * sees it. LoadBalancer would otherwise build a new child application context for each
 * unknown name, on the event-loop thread of the request, only to find no instance in it.
 */
class UnknownGroupFilter implements GlobalFilter, Ordered {

	private final UpstreamGroups groups;

	UnknownGroupFilter(UpstreamGroups groups) {
		this.groups = groups;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI target = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (target != null && "lb".equals(target.getScheme()) && target.getHost() != null
				&& this.groups.instances(target.getHost()).isEmpty()) {
			return Mono.error(NotFoundException.create(false, "No upstream group named in the route"));
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 1;
	}

}
