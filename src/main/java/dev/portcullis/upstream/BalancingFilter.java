package dev.portcullis.upstream;

import java.net.URI;
import java.util.List;
import java.util.Set;

import dev.portcullis.upstream.LoadBalancingStrategy.Affinity;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerUriTools;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.DelegatingServiceInstance;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolves {@code lb://<group>} to one instance of the group for each attempt of a
 * request, and tells the group how the attempt went. It runs just before the order of
 * Spring Cloud Gateway's load-balancer filter. Spring Cloud LoadBalancer is not on the
 * class path, so the gateway puts its {@code NoLoadBalancerClientFilter} at that order,
 * which fails any request still addressed to {@code lb}; it finds the {@code http(s)} URL
 * set here and does nothing. Because a retry re-runs the chain from the retry filter,
 * every attempt passes here and is balanced afresh, away from the instances already tried
 * ({@link Attempts}).
 */
class BalancingFilter implements GlobalFilter, Ordered {

	// 10149. The gateway's constant (10150) is inlined at compile time. Its class is
	// still in the gateway's jar, but without LoadBalancer it is never instantiated.
	static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 1;

	private final Balancer balancer;

	BalancingFilter(Balancer balancer) {
		this.balancer = balancer;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		String schemePrefix = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_SCHEME_PREFIX_ATTR);
		if (url == null || !("lb".equals(url.getScheme()) || "lb".equals(schemePrefix))) {
			return chain.filter(exchange);
		}
		ServerWebExchangeUtils.addOriginalRequestUrl(exchange, url);
		GroupBalancer group = (url.getHost() != null) ? this.balancer.group(url.getHost()) : null;
		Set<String> tried = Attempts.tried(exchange);
		UpstreamInstance chosen = (group != null) ? group.choose(tried, affinity(exchange, group)) : null;
		if (group == null || chosen == null) {
			// 503, as Spring Cloud Gateway answers for a service with no instance to
			// offer.
			return Mono.error(NotFoundException.create(false, "No instance of the route's upstream group"));
		}
		tried.add(chosen.id());
		stickToInstance(exchange, group, chosen);
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target(exchange, url, schemePrefix, chosen));
		// The URL is resolved: the gateway's own load-balancer filter must not see "lb"
		// again (lb:ws://group, lb:http://group). A retry sets it anew from the route.
		exchange.getAttributes().remove(ServerWebExchangeUtils.GATEWAY_SCHEME_PREFIX_ATTR);
		return forward(exchange, chain, group, chosen);
	}

	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, GroupBalancer group,
			UpstreamInstance chosen) {
		chosen.begin();
		return chain.filter(exchange).doOnSuccess((done) -> {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			group.answered(chosen, (status != null) ? status.value() : 200);
		}).doOnError((ex) -> {
			if (isUpstreamFailure(ex)) {
				group.failed(chosen);
			}
		}).doFinally((signal) -> chosen.end());
	}

	/**
	 * Whether an error says the instance failed: a refused or reset connection, a
	 * timeout. A client that went away, or a request the gateway itself refused, says
	 * nothing about the instance.
	 */
	private static boolean isUpstreamFailure(Throwable ex) {
		if (ex instanceof AbortedException) {
			return false;
		}
		if (ex instanceof ResponseStatusException status) {
			return status.getStatusCode().is5xxServerError();
		}
		return true;
	}

	private static Affinity affinity(ServerWebExchange exchange, GroupBalancer group) {
		LoadBalancing settings = group.settings().loadBalancing();
		return switch (settings.strategy()) {
			case STICKY_COOKIE -> {
				HttpCookie cookie = exchange.getRequest().getCookies().getFirst(settings.cookie());
				yield new Affinity((cookie != null) ? cookie.getValue() : null, null);
			}
			case STICKY_HEADER -> new Affinity(null, header(exchange, settings.header()));
			default -> Affinity.NONE;
		};
	}

	private static @Nullable String header(ServerWebExchange exchange, @Nullable String name) {
		return (name != null) ? exchange.getRequest().getHeaders().getFirst(name) : null;
	}

	/** Sets the sticky cookie when the client's does not name the chosen instance. */
	private static void stickToInstance(ServerWebExchange exchange, GroupBalancer group, UpstreamInstance chosen) {
		LoadBalancing settings = group.settings().loadBalancing();
		if (settings.strategy() != LoadBalancing.Strategy.STICKY_COOKIE) {
			return;
		}
		HttpCookie sent = exchange.getRequest().getCookies().getFirst(settings.cookie());
		if (sent != null && sent.getValue().equals(chosen.stickyId())) {
			return;
		}
		ResponseCookie cookie = ResponseCookie.from(settings.cookie(), chosen.stickyId())
			.path("/")
			.httpOnly(true)
			.secure("https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme()))
			.sameSite("Lax")
			.build();
		// set, not add: a retry that lands elsewhere replaces the cookie of the attempt
		// before.
		exchange.getResponse().getCookies().put(settings.cookie(), List.of(cookie));
	}

	/**
	 * The request's URL with the instance's scheme, host and port, as Spring Cloud
	 * Gateway's load-balancer filter builds it; {@code lb:ws://group} keeps {@code ws}.
	 */
	private static URI target(ServerWebExchange exchange, URI url, @Nullable String schemePrefix,
			UpstreamInstance chosen) {
		String scheme = (schemePrefix != null) ? url.getScheme() : chosen.uri().getScheme();
		ServiceInstance instance = new DefaultServiceInstance(chosen.id(), url.getHost(), chosen.uri().getHost(),
				chosen.uri().getPort(), chosen.isSecure());
		return LoadBalancerUriTools.reconstructURI(new DelegatingServiceInstance(instance, scheme),
				exchange.getRequest().getURI());
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
