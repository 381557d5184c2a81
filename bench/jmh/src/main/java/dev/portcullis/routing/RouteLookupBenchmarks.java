package dev.portcullis.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.autoconfigure.WebFluxProperties;
import org.springframework.cloud.gateway.handler.predicate.PathRoutePredicateFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.server.PathContainer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_PATH_CONTAINER_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR;

/**
 * Finding the route of a request among {@code routes} routes {@code Path=/r<i>/**}, the
 * request matching one near the end ({@code /r<0.999 n>/bench/1k}): Spring Cloud
 * Gateway's linear scan (every predicate in order, as
 * {@code RoutePredicateHandlerMapping.lookupRoute}) against the index. One exchange is
 * reused, its attributes cleared before each lookup, so the path is parsed every time as
 * in a real request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteLookupBenchmarks {

	@Param({ "10", "10000" })
	public int routes;

	private List<Route> ordered;

	private RouteIndex index;

	private ServerWebExchange exchange;

	@Setup
	public void setUp() {
		PathRoutePredicateFactory factory = new PathRoutePredicateFactory(new WebFluxProperties());
		this.ordered = new ArrayList<>();
		for (int i = 0; i < this.routes; i++) {
			this.ordered.add(Route.async()
				.id("r" + i)
				.uri(URI.create("http://127.0.0.1:9"))
				.asyncPredicate(factory
					.applyAsync(new PathRoutePredicateFactory.Config().setPatterns(List.of("/r" + i + "/**"))))
				.build());
		}
		this.index = RouteIndex.of(this.ordered, null);
		String path = "/r" + (this.routes * 999 / 1000) + "/bench/1k";
		this.exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path).header("Host", "gateway.test"));
	}

	@Benchmark
	public Route linearScan() {
		ServerWebExchange exchange = exchange();
		return Flux.fromIterable(this.ordered).filterWhen((route) -> test(route, exchange)).next().block();
	}

	@Benchmark
	public Route indexed() {
		ServerWebExchange exchange = exchange();
		PathContainer path = (PathContainer) exchange.getAttributes()
			.computeIfAbsent(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR,
					(key) -> PathContainer.parsePath(exchange.getRequest().getURI().getRawPath()));
		List<Route> candidates = this.index.candidates(path, exchange.getRequest().getHeaders().getFirst("Host"));
		return Flux.fromIterable(candidates).filterWhen((route) -> test(route, exchange)).next().block();
	}

	private ServerWebExchange exchange() {
		this.exchange.getAttributes().clear();
		return this.exchange;
	}

	private static Mono<Boolean> test(Route route, ServerWebExchange exchange) {
		exchange.getAttributes().put(GATEWAY_PREDICATE_ROUTE_ATTR, route.getId());
		return Mono.from(route.getPredicate().apply(exchange));
	}

}
