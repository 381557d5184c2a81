package dev.portcullis.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_PATH_CONTAINER_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR;

/**
 * Spring Cloud Gateway's handler mapping with a {@link RouteIndex} in front of the
 * predicates: instead of testing every route's predicate in order, it tests, in the same
 * order and in the same way, only the routes whose {@code Path} prefix or exact
 * {@code Host} fits the request, so the first match is the same route.
 * <p>
 * The index is rebuilt from the cached routes each time {@code CachingRouteLocator}
 * announces new ones ({@link RefreshRoutesResultEvent}, published after its cache is
 * replaced, at start-up and on every refresh). Until the first index exists the gateway's
 * own linear lookup answers.
 */
class IndexedRoutePredicateHandlerMapping extends RoutePredicateHandlerMapping
		implements ApplicationListener<RefreshRoutesResultEvent> {

	private final RouteLocator routes;

	private final @Nullable String basePath;

	private final AtomicLong generation = new AtomicLong();

	private volatile @Nullable RouteIndex index;

	IndexedRoutePredicateHandlerMapping(FilteringWebHandler webHandler, RouteLocator routes,
			GlobalCorsProperties globalCorsProperties, Environment environment, @Nullable String basePath) {
		super(webHandler, routes, globalCorsProperties, environment);
		this.routes = routes;
		this.basePath = basePath;
	}

	@Override
	public void onApplicationEvent(RefreshRoutesResultEvent event) {
		rebuild();
	}

	/**
	 * Rebuilds the index from the routes as cached now. The cached routes replay at once,
	 * so this completes before it returns; a rebuild that finishes after a newer one
	 * started is dropped.
	 */
	void rebuild() {
		long mine = this.generation.incrementAndGet();
		this.routes.getRoutes()
			.collectList()
			.subscribe((list) -> install(mine, RouteIndex.of(list, this.basePath)), (error) -> {
				logger.warn("Route index not rebuilt; routes are looked up one by one until the next refresh", error);
				install(mine, null);
			});
	}

	private synchronized void install(long generation, @Nullable RouteIndex index) {
		if (generation == this.generation.get()) {
			this.index = index;
		}
	}

	/** The index in use, if any (for tests and the log). */
	@Nullable RouteIndex index() {
		return this.index;
	}

	@Override
	protected Mono<Route> lookupRoute(ServerWebExchange exchange) {
		RouteIndex current = this.index;
		if (current == null) {
			return super.lookupRoute(exchange);
		}
		return Flux.fromIterable(candidates(current, exchange))
			.filterWhen((route) -> testPredicate(route, exchange))
			.next()
			.map((route) -> {
				validateRoute(route, exchange);
				return route;
			});
	}

	private static List<Route> candidates(RouteIndex index, ServerWebExchange exchange) {
		// The same path, and the same attribute, that the Path predicate uses.
		PathContainer path = (PathContainer) exchange.getAttributes()
			.computeIfAbsent(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR,
					(key) -> PathContainer.parsePath(exchange.getRequest().getURI().getRawPath()));
		return index.candidates(path, exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST));
	}

	/** As {@code RoutePredicateHandlerMapping.lookupRoute} tests each route. */
	private Publisher<Boolean> testPredicate(Route route, ServerWebExchange exchange) {
		exchange.getAttributes().put(GATEWAY_PREDICATE_ROUTE_ATTR, route.getId());
		try {
			return route.getPredicate().apply(exchange);
		}
		catch (Exception ex) {
			logger.error("Error applying predicate for route: " + route.getId(), ex);
		}
		return Mono.just(false);
	}

}
