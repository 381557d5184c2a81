package dev.portcullis.ratelimit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.portcullis.ratelimit.GcraPolicy.Decision;
import dev.portcullis.ratelimit.GcraPolicy.Quota;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The admin endpoint {@code /actuator/ratelimit}: the rate-limited routes and their
 * limits, the state of one key of a route ({@code GET /actuator/ratelimit/{route}/{key}})
 * and its reset ({@code DELETE}). The key is written as the filter resolves it, such as
 * {@code 203.0.113.7} for {@code ip} or the API key for {@code header:X-Api-Key}.
 */
@Endpoint(id = "ratelimit")
class RateLimitEndpoint {

	private final RateLimitRoutes routes;

	private final RateLimitStore store;

	RateLimitEndpoint(RateLimitRoutes routes, RateLimitStore store) {
		this.routes = routes;
		this.store = store;
	}

	@ReadOperation
	Map<String, Object> routes() {
		Map<String, Object> answer = new LinkedHashMap<>();
		this.routes.all().forEach((id, route) -> answer.put(id, route.limits().stream().map(this::describe).toList()));
		return Map.of("routes", answer);
	}

	@ReadOperation
	Mono<WebEndpointResponse<Map<String, Object>>> state(@Selector String route, @Selector String key) {
		return onKey(route, key, (limits, clientKey) -> this.store.peek(limits.bucket(clientKey), limits.limits())
			.map((decision) -> state(route, clientKey, decision)));
	}

	@DeleteOperation
	Mono<WebEndpointResponse<Map<String, Object>>> reset(@Selector String route, @Selector String key) {
		return onKey(route, key, (limits, clientKey) -> this.store.reset(limits.bucket(clientKey), limits.limits())
			.then(Mono.fromSupplier(() -> Map.<String, Object>of("route", route, "key", clientKey, "reset", true))));
	}

	/** Runs {@code operation} on a key of a known route; an unknown route is 404. */
	private Mono<WebEndpointResponse<Map<String, Object>>> onKey(String route, String key,
			BiFunction<RouteLimits, String, Mono<Map<String, Object>>> operation) {
		RouteLimits limits = this.routes.get(route);
		if (limits == null) {
			return Mono.just(new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
		}
		return operation.apply(limits, ClientKeyResolver.normalize(key)).map(WebEndpointResponse::new);
	}

	private Map<String, Object> state(String route, String key, Decision decision) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("route", route);
		state.put("key", key);
		state.put("allowed", decision.allowed());
		state.put("degraded", decision.degraded());
		List<Map<String, Object>> limits = decision.quotas().stream().map(this::describe).toList();
		state.put("limits", limits);
		return state;
	}

	private Map<String, Object> describe(Limit limit) {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("name", limit.name());
		described.put("quota", limit.quota());
		described.put("windowSeconds", limit.windowSeconds());
		described.put("burst", limit.burst());
		return described;
	}

	private Map<String, Object> describe(Quota quota) {
		Map<String, Object> described = describe(quota.limit());
		described.put("remaining", quota.remaining());
		described.put("resetSeconds", RateLimitHeaders.seconds(quota.resetMicros()));
		return described;
	}

}
