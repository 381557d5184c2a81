package dev.portcullis.ratelimit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.portcullis.config.InvalidPropertyException;
import dev.portcullis.forwarding.TrustedProxies;
import dev.portcullis.ratelimit.GcraPolicy.Decision;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code RateLimit} route filter: {@code - RateLimit=100/1s} for one limit keyed by
 * client address, or {@code name: RateLimit} with {@code args} {@code limits},
 * {@code key} and {@code headers}. A request passes only when every limit allows it;
 * otherwise it gets 429 with {@code Retry-After}. It runs first among route filters
 * ({@link #ORDER}), before caching and circuit breaking, so a denied request costs
 * nothing upstream.
 */
public class RateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<RateLimitGatewayFilterFactory.Config> {

	/**
	 * Ahead of every other route filter, the ResponseCache included (which runs just
	 * before the response writer, at {@code WRITE_RESPONSE_FILTER_ORDER - 1}), so that a
	 * cache hit counts against the limit too and a denied request never reaches the
	 * cache.
	 */
	public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 2;

	private final RateLimitStore store;

	private final RateLimitProperties properties;

	private final TrustedProxies trustedProxies;

	private final RateLimitRoutes routes;

	private final MeterRegistry meters;

	RateLimitGatewayFilterFactory(RateLimitStore store, RateLimitProperties properties, TrustedProxies trustedProxies,
			RateLimitRoutes routes, MeterRegistry meters) {
		super(Config.class);
		this.store = store;
		this.properties = properties;
		this.trustedProxies = trustedProxies;
		this.routes = routes;
		this.meters = meters;
	}

	/**
	 * {@code - RateLimit=100/1s burst 200}: one limit. Several limits take the long form,
	 * because a gathered shortcut list would swallow the named arguments too.
	 */
	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("limits");
	}

	@Override
	public GatewayFilter apply(Config config) {
		String routeId = (config.getRouteId() != null) ? config.getRouteId() : "-";
		RouteLimits route = new RouteLimits(routeId, limits(routeId, config), keyResolver(routeId, config),
				(config.getHeaders() != null) ? config.getHeaders() : this.properties.headers());
		this.routes.register(route);
		return new OrderedGatewayFilter((exchange, chain) -> filter(route, exchange, chain), ORDER);
	}

	private Mono<Void> filter(RouteLimits route, ServerWebExchange exchange, GatewayFilterChain chain) {
		return route.keyResolver()
			.resolve(exchange, route.routeId())
			.flatMap((key) -> this.store.acquire(route.bucket(key), route.limits()))
			.doOnNext((decision) -> count(route, decision))
			.flatMap((decision) -> decision.allowed() ? pass(route, decision, exchange, chain) : deny(route, decision));
	}

	private Mono<Void> pass(RouteLimits route, Decision decision, ServerWebExchange exchange,
			GatewayFilterChain chain) {
		if (route.headers()) {
			// Set just before commit, so an upstream's own fields of these names cannot
			// replace ours.
			exchange.getResponse().beforeCommit(() -> {
				RateLimitHeaders.write(exchange.getResponse().getHeaders(), route.limits(), decision);
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

	private Mono<Void> deny(RouteLimits route, Decision decision) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RateLimitHeaders.retryAfterSeconds(decision)));
		if (route.headers()) {
			RateLimitHeaders.write(headers, route.limits(), decision);
		}
		return Mono.error(new RateLimitedException(headers));
	}

	/**
	 * Counts the decision per limit: every limit for an allowed request, and the limits
	 * that were spent for a denied one.
	 */
	private void count(RouteLimits route, Decision decision) {
		for (GcraPolicy.Quota quota : decision.quotas()) {
			boolean spent = quota.remaining() == 0;
			if (decision.allowed() || spent) {
				this.meters
					.counter("portcullis.ratelimit.decisions", "route", route.routeId(), "limit", quota.limit().name(),
							"outcome", decision.allowed() ? "allowed" : "denied", "degraded",
							Boolean.toString(decision.degraded()))
					.increment();
			}
		}
	}

	private static List<Limit> limits(String routeId, Config config) {
		String property = "spring.cloud.gateway.server.webflux.routes[id=" + routeId + "].filters[RateLimit].limits";
		if (config.getLimits() == null || config.getLimits().isEmpty()) {
			throw new InvalidPropertyException(property, "at least one limit such as 100/1s is required");
		}
		List<Limit> limits = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (String text : config.getLimits()) {
			Limit limit;
			try {
				limit = Limit.parse(text);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidPropertyException(property, ex.getMessage());
			}
			if (!names.add(limit.name())) {
				throw new InvalidPropertyException(property, "two limits are named '" + limit.name()
						+ "'; name them apart, as in second=100/1s and burst=20/1s");
			}
			limits.add(limit);
		}
		return List.copyOf(limits);
	}

	private ClientKeyResolver keyResolver(String routeId, Config config) {
		String spec = (config.getKey() != null) ? config.getKey() : this.properties.key();
		try {
			return ClientKeyResolver.parse(spec, this.trustedProxies);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPropertyException(
					"spring.cloud.gateway.server.webflux.routes[id=" + routeId + "].filters[RateLimit].key",
					ex.getMessage());
		}
	}

	/**
	 * A route's {@code RateLimit} arguments; a {@code null} field takes the
	 * {@code portcullis.ratelimit.*} default.
	 */
	public static class Config implements HasRouteId {

		private @Nullable List<String> limits;

		private @Nullable String key;

		private @Nullable Boolean headers;

		private @Nullable String routeId;

		public @Nullable List<String> getLimits() {
			return this.limits;
		}

		public void setLimits(@Nullable List<String> limits) {
			this.limits = limits;
		}

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable Boolean getHeaders() {
			return this.headers;
		}

		public void setHeaders(@Nullable Boolean headers) {
			this.headers = headers;
		}

		@Override
		public void setRouteId(String routeId) {
			this.routeId = routeId;
		}

		@Override
		public @Nullable String getRouteId() {
			return this.routeId;
		}

	}

}
