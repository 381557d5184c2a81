package dev.portcullis.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The routes that carry a {@code RateLimit} filter, by route id, so the admin endpoint
 * can look up a key's limits. Bounded by the number of routes.
 */
final class RateLimitRoutes {

	private final Map<String, RouteLimits> routes = new ConcurrentHashMap<>();

	void register(RouteLimits route) {
		this.routes.put(route.routeId(), route);
	}

	@Nullable RouteLimits get(String routeId) {
		return this.routes.get(routeId);
	}

	Map<String, RouteLimits> all() {
		return Map.copyOf(this.routes);
	}

}
