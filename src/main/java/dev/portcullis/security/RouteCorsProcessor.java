package dev.portcullis.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.portcullis.errors.ExplainedStatusException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;

/**
 * The CORS decisions of the gateway's route handler mapping, which runs them after it has
 * chosen the route and before any route filter. A route with {@code cors} metadata is
 * judged by that policy; other routes by {@code globalcors}, if any. A preflight is
 * answered by the gateway and never forwarded (Spring's handler mapping does that); a
 * request the policy refuses gets 403 with a problem body instead of Spring's empty one.
 * On an allowed request the gateway's {@code Access-Control-*} headers replace any the
 * upstream sends.
 */
final class RouteCorsProcessor implements CorsProcessor {

	private final CorsProcessor delegate = new DefaultCorsProcessor();

	/**
	 * Parsed policies by route; routes are rebuilt on refresh, so the keys are weak and
	 * compared by identity.
	 */
	private final Cache<Route, CorsConfiguration> policies = Caffeine.newBuilder()
		.weakKeys()
		.maximumSize(10_000)
		.build();

	@Override
	public boolean process(@Nullable CorsConfiguration configuration, ServerWebExchange exchange) {
		CorsConfiguration policy = policy(configuration, exchange);
		if (policy == null) {
			return true;
		}
		if (!this.delegate.process(policy, exchange)) {
			throw new ExplainedStatusException(HttpStatus.FORBIDDEN,
					"This cross-origin request is not allowed by the route's CORS policy.");
		}
		if (!CorsUtils.isPreFlightRequest(exchange.getRequest()) && CorsUtils.isCorsRequest(exchange.getRequest())) {
			keepOwnHeaders(exchange);
		}
		return true;
	}

	private @Nullable CorsConfiguration policy(@Nullable CorsConfiguration global, ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route != null && route.getMetadata().containsKey(RouteCors.METADATA_KEY)) {
			return this.policies.get(route, (key) -> parse(key));
		}
		// Spring Cloud Gateway registers an empty policy by path for each route with cors
		// metadata (it reads other key names); such an empty policy would refuse every
		// cross-origin request to other routes on the same path.
		boolean empty = global == null
				|| (global.getAllowedOrigins() == null && global.getAllowedOriginPatterns() == null);
		return empty ? null : global;
	}

	private static CorsConfiguration parse(Route route) {
		try {
			CorsConfiguration policy = RouteCors.of(route.getMetadata());
			return (policy != null) ? policy : new CorsConfiguration();
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Route " + route.getId() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Puts the gateway's {@code Access-Control-*} headers back just before the response
	 * is sent, over those an upstream may have set.
	 */
	private static void keepOwnHeaders(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		Map<String, List<String>> own = new LinkedHashMap<>();
		for (String name : headers.headerNames()) {
			if (name.regionMatches(true, 0, "Access-Control-", 0, "Access-Control-".length())) {
				own.put(name, List.copyOf(headers.getOrEmpty(name)));
			}
		}
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders sent = exchange.getResponse().getHeaders();
			for (String name : List.copyOf(sent.headerNames())) {
				if (name.regionMatches(true, 0, "Access-Control-", 0, "Access-Control-".length())) {
					sent.remove(name);
				}
			}
			own.forEach(sent::put);
			return Mono.empty();
		});
	}

}
